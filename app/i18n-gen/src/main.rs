//! Generates the `i18n` module of the `app` crate from `app/locales/*.json` with leptos_i18n_build
//! (`make i18n`; `make test` checks that the committed file is current). Keys are checked here:
//! a string missing in one language fails the generation, not a page.
//!
//! Why not a build script: leptos_i18n_build brings about sixty crates (ICU data export, a wasm
//! interpreter, an HTTP client) that every fresh build would compile before the first page, for
//! a module that changes only when the locale files do.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos, options::CodegenOptions};
use std::{error::Error, path::PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    // `cargo run` names this crate's folder at run time too. That, not the folder it was
    // compiled in, is the one to read: two checkouts sharing one target directory (a fresh
    // clone for CI beside the working copy) may run a binary another checkout built.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let app = manifest.join("..");
    // Where to write: the app's source folder, or a folder given as the first argument (the
    // freshness check writes elsewhere and compares).
    let out = std::env::args_os()
        .nth(1)
        .map_or_else(|| app.join("src"), PathBuf::from);
    // Swedish first (språklagen); English beside it. Add a locale here and a file in locales/.
    let config = Config::new("sv")?
        .add_locale("en")?
        // Lets `t_string!` take values, for attributes and titles that need plain strings.
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse_at_dir(&app, config)?;
    // Printed as `cargo::warning=…` and `cargo::error=…` lines; `make i18n` fails on an error.
    translations.emit_diagnostics();
    let file_name = "i18n_generated.rs";
    translations.generate_i18n_module_with_options(
        out.clone(),
        CodegenOptions::new().module_file_name(&file_name),
    )?;
    println!("wrote {}", out.join(file_name).display());
    Ok(())
}
