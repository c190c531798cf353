//! The one integration-test binary: every module runs against a real server from `spawn_app()`.

mod access;
mod auth;
mod calendar;
mod content;
mod database;
mod exports;
mod films;
mod groups;
mod handovers;
mod health;
mod invitations;
mod mail;
mod next;
mod pages;
mod security;
mod work;
mod years;

/// The server that tests needing a process of its own start (to kill it, or to read what it
/// prints): this test binary again, running the ignored `server_process` below. Returns the
/// child, its address, and, when `stderr` is asked for, a task collecting what it prints there.
async fn start_server_process(
    database_url: &str,
    stderr: bool,
) -> (
    tokio::process::Child,
    String,
    Option<tokio::task::JoinHandle<String>>,
) {
    use std::process::Stdio;
    use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _};
    let mut server = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "server_process",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("VERKSTAD_TEST_SERVER_DATABASE", database_url)
        .stdout(Stdio::piped())
        .stderr(if stderr {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // Read as it comes, so a full pipe never stalls the server.
    let printed = server.stderr.take().map(|mut pipe| {
        tokio::spawn(async move {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text).await;
            text
        })
    });
    let mut lines = tokio::io::BufReader::new(server.stdout.take().unwrap()).lines();
    let address = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("the server says where it listens");
        // The test harness writes the test's name on the same line first.
        if let Some((_, address)) = line.split_once("listening on ") {
            break address.trim().to_string();
        }
    };
    // Keep draining stdout (the harness may print more).
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (server, address, printed)
}

/// The server process of [`start_server_process`]. Ignored, so it is never counted as a test
/// that passed.
#[test]
#[ignore = "a server process for tests that need one, not a test of its own"]
fn server_process() {
    let Ok(url) = std::env::var("VERKSTAD_TEST_SERVER_DATABASE") else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let app = server::startup::Application::build(integration_tests::test_config(&url))
            .await
            .unwrap();
        println!("listening on http://{}", app.address());
        app.run_until(std::future::pending()).await.unwrap();
    });
}
