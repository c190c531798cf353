//! The test harness: `spawn_app()` starts a real Verkstad on port 0 with a fresh database
//! (SQLite by default, PostgreSQL when `TEST_DATABASE_URL` says so) and real content.

use server::{config::Config, startup::Application};
use std::path::PathBuf;
use tokio::sync::oneshot;

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A copy of the real content in a temp folder, for tests that change or break it. Videos
/// are replaced by empty files (only their existence is checked when loading).
pub fn scratch_content() -> PathBuf {
    let target = std::env::temp_dir().join(format!(
        "verkstad-content-{}",
        uuid::Uuid::new_v4().simple()
    ));
    copy_dir(&repo_root().join("content"), &target);
    target
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("webm" | "mp4")
        ) {
            std::fs::write(&target, b"").expect("write");
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// A running server and a client that keeps cookies, like a browser.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database: TestDatabase,
    /// The server's clock: move it forward to see links, invitations and sessions expire.
    pub clock: server::clock::Clock,
    stop: Option<oneshot::Sender<()>>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    /// A GET whose body is read as text, with its status.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// Like `page`, from a browser that prefers the language `lang`.
    pub async fn page_in(&self, path: &str, lang: &str) -> (u16, String) {
        let response = self
            .client
            .get(self.url(path))
            .header("accept-language", lang)
            .send()
            .await
            .expect("request failed");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// A form POST as a browser on this site sends it without JavaScript: it wants HTML (or a
    /// redirect) back.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("origin", &self.address)
            .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .form(form)
            .send()
            .await
            .expect("request failed")
    }
}

impl TestApp {
    /// Starts a graceful shutdown, as SIGTERM would.
    pub fn begin_shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A configuration for tests: port 0, the given database, the real content.
pub fn test_config(database_url: &str) -> Config {
    Config {
        address: "127.0.0.1:0".parse().expect("address"),
        database_url: database_url.to_string(),
        content_dir: repo_root().join("content"),
        site_root: repo_root().join("target/site"),
        // Tests read what was sent from memory, and drive the outbox themselves.
        mail_transport: server::config::MailTransport::Memory,
        outbox_poll_seconds: 3600,
        ..Config::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like `spawn_app`, with a chance to change the configuration first.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    if std::env::var_os("TEST_LOG").is_some() {
        server::telemetry::init(server::config::LogFormat::Pretty);
    }
    let database = TestDatabase::create().await;
    let mut config = test_config(&database.url);
    adjust(&mut config);
    let app = Application::build(config)
        .await
        .expect("the app should start");
    let address = format!("http://{}", app.address());
    let clock = app.state().clock.clone();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp {
        address,
        client,
        database,
        clock,
        stop: Some(stop),
    }
}

/// A database of its own for one test, removed afterwards.
pub struct TestDatabase {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// `TEST_DATABASE_URL` names a PostgreSQL server to create databases on; without it each
    /// test gets a SQLite file in the temp folder.
    pub async fn create() -> Self {
        let name = format!("verkstad_test_{}", uuid::Uuid::new_v4().simple());
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                use sea_orm::ConnectionTrait as _;
                let admin = sea_orm::Database::connect(&admin_url)
                    .await
                    .expect("connect to PostgreSQL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create the test database");
                let _ = admin.close().await;
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(base, _)| base)
                    .unwrap_or(&admin_url);
                Self {
                    url: format!("{base}/{name}"),
                    cleanup: Cleanup::Postgres { admin_url, name },
                }
            }
            _ => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                Self {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    cleanup: Cleanup::File(path),
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.cleanup, Cleanup::Postgres { .. })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; a runtime of its own on a plain thread
                // can still wait for the server to let go of the database.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    runtime.block_on(async {
                        use sea_orm::ConnectionTrait as _;
                        if let Ok(admin) = sea_orm::Database::connect(&admin_url).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// A real SMTP server (Python's aiosmtpd, installed by `make test`) that keeps every mail it
/// receives in a maildir, and can be stopped and started again on the same port.
pub struct SmtpSink {
    pub port: u16,
    dir: PathBuf,
    process: Option<std::process::Child>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir =
            std::env::temp_dir().join(format!("verkstad-smtp-{}", uuid::Uuid::new_v4().simple()));
        let mut sink = Self {
            port,
            dir,
            process: None,
        };
        sink.resume().await;
        sink
    }

    /// Starts the server (again), and waits until it accepts connections.
    pub async fn resume(&mut self) {
        let child = std::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&self.dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (run `make test` to install it)");
        self.process = Some(child);
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the SMTP sink did not start on port {}", self.port);
    }

    /// Stops the server: connections are refused until `resume`.
    pub fn pause(&mut self) {
        if let Some(mut child) = self.process.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every mail received so far, as raw text.
    pub fn messages(&self) -> Vec<String> {
        ["new", "cur"]
            .iter()
            .filter_map(|sub| std::fs::read_dir(self.dir.join(sub)).ok())
            .flatten()
            .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.pause();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
