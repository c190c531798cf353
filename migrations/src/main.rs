//! `cargo run -p migration --features cli -- <up|down|status|fresh>`: run migrations by hand
//! (reads DATABASE_URL).

use sea_orm_migration::prelude::*;

#[tokio::main]
async fn main() {
    cli::run_cli(migration::Migrator).await;
}
