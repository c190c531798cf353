//! Generates the `i18n` module from `locales/*.json` (leptos_i18n): keys are checked at compile
//! time, so a string missing in one language is a build error, not a blank on a page.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::{error::Error, path::PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // Swedish first (språklagen); English beside it. Add a locale here and a file in locales/.
    let config = Config::new("sv")?
        .add_locale("en")?
        // Lets `t_string!` take values, for attributes and titles that need plain strings.
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
