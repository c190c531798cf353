//! `verkstad`: serve the site; `verkstad content check` validates content without serving, and
//! `verkstad content ids` records new content ids in `content/ids.toml`.

use server::{config::Config, startup::Application, telemetry};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::load() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("verkstad: {error}");
            return ExitCode::from(2);
        }
    };
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["serve"] => serve(config).await,
        ["content", "check"] => match server::startup::check_content(&config) {
            Ok(store) => {
                print!("{}", store.summary());
                println!("content in {} is valid", config.content_dir.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprint!("verkstad: {error}");
                ExitCode::FAILURE
            }
        },
        ["content", "ids"] => match server::startup::check_content(&config) {
            Ok(store) => match store.record_ids(&config.content_dir) {
                Ok(added) => {
                    println!(
                        "recorded {added} new ids in {}",
                        config.content_dir.join("ids.toml").display()
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("verkstad: cannot write ids.toml: {error}");
                    ExitCode::FAILURE
                }
            },
            Err(error) => {
                eprint!("verkstad: {error}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: verkstad [serve | content check | content ids]");
            ExitCode::from(2)
        }
    }
}

async fn serve(config: Config) -> ExitCode {
    telemetry::init(config.log_format);
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!("start-up failed: {error:#}");
            eprintln!("verkstad: start-up failed: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!("Verkstad listens on http://{}", app.address());
    println!("Verkstad listens on http://{}", app.address());
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "server error");
            ExitCode::FAILURE
        }
    }
}
