//! The harness of the end-to-end tests (`tests/e2e/`): a static server for `dist/` with
//! per-test overrides, and a browser driven over WebDriver: headless Chromium, or Firefox or
//! WebKit (`engines.rs`). `Atlas::start()` (or `Atlas::start_in(engine)`) starts both in one call.
//! `benches/browser.rs` uses it too.
//!
//! Every test gets its own server, driver and browser profile, so tests run in parallel.
//! Every wait is bounded ([`WAIT`]); a failed wait panics with the URL, the visible text of the
//! page and the browser console, so a red test says what was on the screen.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{json, Value};
use thirtyfour::prelude::*;
use thirtyfour::BrowserLogEntry;

pub mod engines;
use engines::{capabilities, DriverProcess};
pub use engines::{Engine, Launch};

/// The longest any single wait may take.
pub const WAIT: Duration = Duration::from_secs(30);
/// Pause between two polls of a wait.
const POLL: Duration = Duration::from_millis(50);
/// The longest delay a test may ask the server for.
const MAX_DELAY: Duration = Duration::from_secs(10);

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The release build the tests drive: `dist/` (or `$E2E_DIST`). Fails with what to run when it is
/// missing, and warns once when `src/` is newer than it.
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("dist"));
    checked_build(dist)
}

/// The release build for a sub-path deploy (`make dist` builds it with `--public-url /atlas/`).
pub fn dist_atlas() -> PathBuf {
    checked_build(root().join("dist-atlas"))
}

fn checked_build(dist: PathBuf) -> PathBuf {
    let index = dist.join("index.html");
    assert!(
        index.is_file(),
        "{} is missing: the end-to-end tests drive the release build. Run `make dist` \
         (trunk build --release --offline) first.",
        index.display()
    );
    static WARN: Once = Once::new();
    WARN.call_once(|| {
        let built = mtime(&index);
        if let Some(newer) = newest_file(&root().join("src")).filter(|(t, _)| *t > built) {
            eprintln!(
                "warning: {} is newer than {}: the tests run the older build. Run `make dist`.",
                newer.1.display(),
                index.display()
            );
        }
    });
    dist
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

fn newest_file(dir: &Path) -> Option<(SystemTime, PathBuf)> {
    let mut newest: Option<(SystemTime, PathBuf)> = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let candidate = if path.is_dir() {
            newest_file(&path)
        } else {
            Some((mtime(&path), path))
        };
        if let Some(c) = candidate {
            if newest.as_ref().is_none_or(|n| c.0 > n.0) {
                newest = Some(c);
            }
        }
    }
    newest
}

/// A file of `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(name)
}

/// The committed dataset, as text.
pub fn dataset_text() -> String {
    let path = root().join("public/data/clusters.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The committed dataset, parsed.
pub fn dataset() -> Value {
    serde_json::from_str(&dataset_text()).expect("public/data/clusters.json is JSON")
}

/// The records of a dataset.
pub fn clusters(dataset: &Value) -> &Vec<Value> {
    dataset["clusters"].as_array().expect("a clusters array")
}

/// A string field of a record ("" when absent or null).
pub fn field<'a>(record: &'a Value, name: &str) -> &'a str {
    record[name].as_str().unwrap_or("")
}

/// Lower case without the accents of the data's languages: enough to predict the app's search.
pub fn fold(text: &str) -> String {
    const FROM: &str = "áéíóúàèìòùâêîôûäëïöüçñ";
    const TO: &str = "aeiouaeiouaeiouaeioucn";
    text.to_lowercase()
        .chars()
        .map(|c| match FROM.chars().position(|f| f == c) {
            Some(i) => TO.chars().nth(i).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// Temporary directory removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(what: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "ecei-e2e-{what}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/// What the server answers for one path instead of the file of `dist/`.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    /// Wait this long before answering (at most ten seconds).
    pub delay: Duration,
    /// Do not answer until the test calls [`Server::release`] (or ten seconds have passed).
    pub held: bool,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type: content_type.to_string(),
            body: body.into(),
            delay: Duration::ZERO,
            held: false,
        }
    }

    /// A 200 JSON answer.
    pub fn json(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "application/json", body)
    }

    /// An error status with a short text body.
    pub fn status(status: u16) -> Reply {
        Reply::new(status, "text/plain", format!("status {status}"))
    }

    pub fn delayed(mut self, delay: Duration) -> Reply {
        assert!(
            delay <= MAX_DELAY,
            "a test delay is bounded by {MAX_DELAY:?}"
        );
        self.delay = delay;
        self
    }

    /// Holds the answer back until [`Server::release`]: a network as slow as the test wants,
    /// without a race between the test and a timer.
    pub fn held(mut self) -> Reply {
        self.held = true;
        self
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("csv") => "text/csv; charset=utf-8",
        Some("png") => "image/png",
        Some("webmanifest") => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// The key of a request in the counts: its path without the leading `/`, `/` as `index.html`.
fn request_path(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let path = path.trim_start_matches('/');
    if path.is_empty() {
        "index.html".to_string()
    } else {
        path.to_string()
    }
}

struct Shared {
    dist: PathBuf,
    /// The path the app is deployed under ("" or "atlas/"): other paths are 404.
    prefix: String,
    overrides: Mutex<HashMap<String, Reply>>,
    hits: Mutex<HashMap<String, usize>>,
    /// Whether held answers may go.
    released: tokio::sync::watch::Sender<bool>,
}

impl Shared {
    /// The answer to `url`, once any hold or delay the test asked for is over.
    async fn answer(&self, url: &str) -> hyper::Response<http_body_util::Full<bytes::Bytes>> {
        let reply = self.reply(url);
        if reply.held {
            let mut released = self.released.subscribe();
            let _ = tokio::time::timeout(MAX_DELAY, released.wait_for(|go| *go)).await;
        }
        tokio::time::sleep(reply.delay).await;
        let mut response = hyper::Response::new(http_body_util::Full::from(reply.body));
        *response.status_mut() =
            hyper::StatusCode::from_u16(reply.status).expect("a test's status code");
        let headers = response.headers_mut();
        let content_type = hyper::header::HeaderValue::from_str(&reply.content_type)
            .expect("a test's content type");
        headers.insert(hyper::header::CONTENT_TYPE, content_type);
        headers.insert(
            hyper::header::CACHE_CONTROL,
            hyper::header::HeaderValue::from_static("no-store"),
        );
        response
    }

    fn reply(&self, url: &str) -> Reply {
        let path = request_path(url);
        *self.hits.lock().unwrap().entry(path.clone()).or_default() += 1;
        if let Some(reply) = self.overrides.lock().unwrap().get(&path) {
            return reply.clone();
        }
        let Some(path) = path.strip_prefix(&self.prefix) else {
            return Reply::status(404);
        };
        let path = if path.is_empty() { "index.html" } else { path };
        let relative = Path::new(path);
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return Reply::status(404);
        }
        match std::fs::read(self.dist.join(relative)) {
            Ok(body) => Reply::new(200, content_type(path), body),
            Err(_) => Reply::status(404),
        }
    }
}

/// Accepts connections until `stopped`, each served on a task of its own.
async fn serve(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
    loop {
        let stream = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            let answer = hyper::service::service_fn(move |request| {
                let shared = shared.clone();
                async move {
                    Ok::<_, std::convert::Infallible>(shared.answer(request.uri().path()).await)
                }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, answer)
                .await;
        });
    }
}

/// A static server for `dist/` on 127.0.0.1 (a free port), on a runtime of its own in a
/// background thread (hyper: HTTP/1.1 with keep-alive, as a static host). Each connection is
/// served on its own task, so a delayed answer does not hold up the others.
pub struct Server {
    base: String,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start() -> Server {
        Server::start_in(dist(), "")
    }

    /// Serves `dir` under the path `prefix` ("atlas/"), as a host that deploys the app there.
    pub fn start_in(dir: PathBuf, prefix: &str) -> Server {
        let shared = Arc::new(Shared {
            dist: dir,
            prefix: prefix.to_string(),
            overrides: Mutex::new(HashMap::new()),
            hits: Mutex::new(HashMap::new()),
            released: tokio::sync::watch::Sender::new(false),
        });
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let port = listener.local_addr().expect("a local address").port();
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let thread = {
            let shared = shared.clone();
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("the server's runtime");
                // Dropping the runtime closes the listener and every open connection.
                runtime.block_on(serve(listener, shared, stopped));
            })
        };
        Server {
            base: format!("http://127.0.0.1:{port}"),
            shared,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// The absolute URL of `path_and_query` ("/", "/?country=ES").
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base)
    }

    /// Answers `path` (relative: "data/clusters.json") with `reply` from now on.
    pub fn set(&self, path: &str, reply: Reply) {
        self.shared
            .overrides
            .lock()
            .unwrap()
            .insert(path.to_string(), reply);
    }

    /// Serves `path` from `dist/` again.
    pub fn clear(&self, path: &str) {
        self.shared.overrides.lock().unwrap().remove(path);
    }

    /// Lets held answers go (see [`Reply::held`]).
    pub fn release(&self) {
        self.shared.released.send_replace(true);
    }

    /// Waits until `path` has had `n` requests.
    pub async fn wait_hits(&self, path: &str, n: usize) {
        let deadline = Instant::now() + WAIT;
        while self.hits(path) < n {
            assert!(
                Instant::now() < deadline,
                "{path} had {} requests, not {n}, after {WAIT:?}",
                self.hits(path)
            );
            tokio::time::sleep(POLL).await;
        }
    }

    /// How many requests `path` has had.
    pub fn hits(&self, path: &str) -> usize {
        self.shared
            .hits
            .lock()
            .unwrap()
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

impl Server {
    /// Stops serving: from now on a connection is refused, as when the network is gone.
    pub fn stop(&mut self) {
        self.release();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---------------------------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------------------------

/// A browser with its own driver, profile and download directory.
pub struct Browser {
    engine: Engine,
    driver: Option<WebDriver>,
    process: DriverProcess,
    profile: TempDir,
    downloads: TempDir,
    /// Every console entry read so far (reading the log drains the driver's buffer).
    log: Mutex<Vec<BrowserLogEntry>>,
}

/// Records what the page reports as errors, for engines without a console log over WebDriver:
/// uncaught errors and rejections (a panic in the release build is a wasm trap, one of those)
/// and `console.error`. The harness runs it after every page load it makes.
const CATCH_ERRORS: &str = "if (!window.__e2eErrors) {
    const seen = window.__e2eErrors = [];
    addEventListener('error', e => seen.push('uncaught: ' + (e.error ? String(e.error) : e.message)));
    addEventListener('unhandledrejection', e => seen.push('uncaught (in promise): ' + String(e.reason)));
    const error = console.error;
    console.error = (...args) => { seen.push('console.error: ' + args.map(String).join(' ')); error.apply(console, args); };
}";

impl Browser {
    /// A 1280 × 1000 window.
    pub async fn launch() -> Browser {
        Browser::launch_sized(1280, 1000).await
    }

    pub async fn launch_sized(width: u32, height: u32) -> Browser {
        Browser::launch_with(Launch {
            engine: Engine::Chromium,
            width,
            height,
            javascript: true,
        })
        .await
    }

    /// A 1280 × 1000 window whose pages run no script: what a visitor with JavaScript off sees.
    /// (WebDriver's own scripts still run, through DevTools.)
    pub async fn launch_without_javascript() -> Browser {
        Browser::launch_with(Launch {
            engine: Engine::Chromium,
            width: 1280,
            height: 1000,
            javascript: false,
        })
        .await
    }

    /// A 1280 × 1000 window of `engine`.
    pub async fn launch_in(engine: Engine) -> Browser {
        Browser::launch_with(Launch {
            engine,
            width: 1280,
            height: 1000,
            javascript: true,
        })
        .await
    }

    pub async fn launch_with(launch: Launch) -> Browser {
        let engine = launch.engine;
        let profile = TempDir::new("profile");
        let downloads = TempDir::new("downloads");
        let process = DriverProcess::start(engine, profile.path()).await;
        let caps = capabilities(launch, profile.path(), downloads.path());
        let driver = match WebDriver::new(format!("http://127.0.0.1:{}", process.port), caps).await
        {
            Ok(driver) => driver,
            Err(e) => panic!("cannot open {} through its driver: {e}", engine.name()),
        };
        let browser = Browser {
            engine,
            driver: Some(driver),
            process,
            profile,
            downloads,
            log: Mutex::new(Vec::new()),
        };
        if let Err(e) = browser
            .driver()
            .set_script_timeout(Duration::from_secs(30))
            .await
        {
            browser.fail(&format!("script timeout: {e}")).await;
        }
        if engine == Engine::WebKit {
            // MiniBrowser opens at its own size; its toolbar takes a little of the height.
            let (width, height) = (launch.width, launch.height);
            if let Err(e) = browser.driver().set_window_rect(0, 0, width, height).await {
                browser
                    .fail(&format!("a {width} × {height} window: {e}"))
                    .await;
            }
        }
        browser
    }

    /// The engine this browser runs.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().expect("the browser is open")
    }

    pub fn downloads(&self) -> &Path {
        self.downloads.path()
    }

    /// Ends the session and the driver. Prefer this to dropping: it does not block.
    pub async fn quit(mut self) {
        if let Some(driver) = self.driver.take() {
            let _ = driver.quit().await;
        }
    }

    /// Navigates and waits for the document to load (not for the app: see `wait_*`).
    pub async fn open(&self, url: &str) {
        if let Err(e) = self.driver().goto(url).await {
            self.fail(&format!("open {url}: {e}")).await;
        }
        self.catch_errors().await;
    }

    /// Without a console log over WebDriver, starts recording the page's errors (see
    /// [`CATCH_ERRORS`]); call it after a reload the harness did not make.
    pub async fn catch_errors(&self) {
        if !self.engine.has_devtools() {
            self.js(CATCH_ERRORS, vec![]).await;
        }
    }

    /// Runs `script` (a function body: use `return`) with `arguments`.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        match self.driver().execute(script, args).await {
            Ok(ret) => ret.json().clone(),
            Err(e) => self.fail(&format!("script failed: {e}\n{script}")).await,
        }
    }

    /// Polls `script` until it returns something other than null, undefined or false, and
    /// returns that. Fails the test, saying `what`, after [`WAIT`].
    pub async fn wait_js(&self, what: &str, script: &str, args: Vec<Value>) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let value = self.js(script, args.clone()).await;
            if !matches!(value, Value::Null | Value::Bool(false)) {
                return value;
            }
            if Instant::now() > deadline {
                self.fail(&format!("timed out after {WAIT:?} waiting for: {what}"))
                    .await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Runs `script` in the page once and waits for it to call `done(value)` with something other
    /// than null: a wait that listens for the page's own events rather than polling it. Fails the
    /// test, saying `what`, after [`WAIT`].
    pub async fn wait_in_page(&self, what: &str, script: &str) -> Value {
        let wrapped = format!(
            "const done = arguments[arguments.length - 1];
             setTimeout(() => done(null), arguments[0]);
             {script}"
        );
        let waited = self
            .driver()
            .execute_async(&wrapped, vec![json!(WAIT.as_millis() as u64)])
            .await;
        match waited.map(|r| r.json().clone()) {
            Ok(Value::Null) => {
                self.fail(&format!("timed out after {WAIT:?} waiting for: {what}"))
                    .await
            }
            Ok(value) => value,
            Err(e) => self.fail(&format!("waiting for {what}: {e}")).await,
        }
    }

    /// Polls `probe` until it gives `Some`, and returns that. Fails the test, saying `what`,
    /// after [`WAIT`]: the wait for anything the page's scripts cannot see (files, windows).
    pub async fn wait_until<T>(&self, what: &str, mut probe: impl AsyncFnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if Instant::now() > deadline {
                self.fail(&format!("timed out after {WAIT:?} waiting for: {what}"))
                    .await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Clicks `css`, which hands the visitor a file whose name ends with `extension`, and returns
    /// the file's name and text. WebKit under WebDriver has no download folder: there the test
    /// reads the file the page hands to the browser, the `blob:` or `data:` link it clicks.
    pub async fn download(&self, css: &str, extension: &str) -> (String, String) {
        if self.engine != Engine::WebKit {
            self.click(css).await;
            let file = self.wait_download(extension).await;
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            return (name.into_owned(), text);
        }
        // The page's CSP (connect-src 'self') keeps a script from fetching the blob: URL, so the
        // blobs are kept as the page makes them and read directly.
        self.js(
            "window.__e2eSaved = [];
             window.__e2eBlobs = new Map();
             const make = URL.createObjectURL;
             URL.createObjectURL = blob => { const url = make(blob); window.__e2eBlobs.set(url, blob); return url; };
             HTMLAnchorElement.prototype.click = function () {
                 if (this.download) window.__e2eSaved.push([this.download, this.href]);
             };",
            vec![],
        )
        .await;
        self.click(css).await;
        let saved = self
            .wait_js(
                &format!("a {extension} file handed over"),
                "const s = window.__e2eSaved.find(([name]) => name.endsWith(arguments[0]));
                 return s || null;",
                vec![json!(extension)],
            )
            .await;
        let name = saved[0].as_str().unwrap_or_default().to_string();
        let text = match self
            .driver()
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const blob = window.__e2eBlobs.get(arguments[0]);
                 if (blob) blob.text().then(done, e => done('unreadable: ' + e));
                 else done(decodeURIComponent(arguments[0].slice(arguments[0].indexOf(',') + 1)));",
                vec![saved[1].clone()],
            )
            .await
        {
            Ok(text) => text.json().as_str().unwrap_or_default().to_string(),
            Err(e) => self.fail(&format!("reading {name}: {e}")).await,
        };
        (name, text)
    }

    /// Waits for a finished download whose name ends with `extension` (Chromium and Firefox
    /// first write it under another name, then rename it).
    pub async fn wait_download(&self, extension: &str) -> PathBuf {
        let finished = || -> Option<PathBuf> {
            let names: Vec<PathBuf> = std::fs::read_dir(self.downloads())
                .map(|dir| dir.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            let partial = |p: &Path| {
                let name = p.to_string_lossy();
                names.iter().any(|other| {
                    let other = other.to_string_lossy();
                    other.len() > name.len() && other.starts_with(&*name)
                })
            };
            names
                .iter()
                .find(|p| {
                    p.to_string_lossy().ends_with(extension)
                        && !partial(p)
                        && std::fs::metadata(p).is_ok_and(|m| m.len() > 0)
                })
                .cloned()
        };
        let what = format!("a {extension} file in {}", self.downloads().display());
        self.wait_until(&what, async || finished()).await
    }

    /// The browser's Back button.
    pub async fn back(&self) {
        if let Err(e) = self.driver().back().await {
            self.fail(&format!("Back: {e}")).await;
        }
    }

    /// The browser's Forward button.
    pub async fn forward(&self) {
        if let Err(e) = self.driver().forward().await {
            self.fail(&format!("Forward: {e}")).await;
        }
    }

    /// `history.length` now.
    pub async fn history_length(&self) -> i64 {
        self.js("return history.length;", vec![])
            .await
            .as_i64()
            .unwrap_or(-1)
    }

    /// Presses `key` where the focus is.
    pub async fn press(&self, key: Key) {
        if let Err(e) = self.driver().action_chain().send_keys(key).perform().await {
            self.fail(&format!("key press: {e}")).await;
        }
    }

    /// Shift+Tab: the focus one step back.
    pub async fn press_shift_tab(&self) {
        let chain = self.driver().action_chain();
        let pressed = chain
            .key_down(Key::Shift)
            .send_keys(Key::Tab)
            .key_up(Key::Shift)
            .perform()
            .await;
        if let Err(e) = pressed {
            self.fail(&format!("Shift+Tab: {e}")).await;
        }
    }

    /// Fails unless the line breaks in `css`'s elements fall between words (`BROKEN_WORDS`).
    pub async fn check_no_broken_words(&self, css: &str, what: &str) {
        let broken = self.js(BROKEN_WORDS, vec![json!(css)]).await;
        self.check(
            broken == json!([]),
            &format!("words broken in {what}: {broken}"),
        )
        .await;
    }

    /// Waits for an element matching `css` and returns it.
    pub async fn wait_for(&self, css: &str) -> WebElement {
        let found = self
            .wait_js(
                &format!("an element {css}"),
                "return document.querySelector(arguments[0]);",
                vec![json!(css)],
            )
            .await;
        match WebElement::from_json(found, self.driver().handle().clone()) {
            Ok(element) => element,
            Err(e) => self.fail(&format!("{css}: {e}")).await,
        }
    }

    /// Waits until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        self.wait_js(
            &format!("no element {css}"),
            "return document.querySelector(arguments[0]) === null;",
            vec![json!(css)],
        )
        .await;
    }

    /// Whether an element matches `css` now.
    pub async fn exists(&self, css: &str) -> bool {
        self.js(
            "return document.querySelector(arguments[0]) !== null;",
            vec![json!(css)],
        )
        .await
        .as_bool()
        .unwrap_or(false)
    }

    /// The text content of the first element matching `css` ("" when there is none).
    pub async fn text(&self, css: &str) -> String {
        self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
            vec![json!(css)],
        )
        .await
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    /// Clicks the element matching `css` like a user (waits for it first).
    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        let _ = element.scroll_into_view().await;
        if let Err(e) = element.click().await {
            self.fail(&format!("click {css}: {e}")).await;
        }
    }

    /// The number of matched clusters shown, once the result count is on the page.
    pub async fn count(&self) -> Option<usize> {
        let text = self.text("[data-testid=\"result-count\"]").await;
        leading_number(&text)
    }

    /// Waits until the app runs the page (`data-app="ready"` on `<html>`): the page arrives
    /// prerendered, and what it shows before then is the build's default view, not the app.
    pub async fn wait_app(&self) {
        self.wait_js(
            "the app to take the page over",
            "return document.documentElement.dataset.app === 'ready';",
            vec![],
        )
        .await;
    }

    /// Waits until the app's result count says `n` clusters match.
    pub async fn wait_count(&self, n: usize) {
        self.wait_js(
            &format!("the result count to say {n}"),
            "const e = document.querySelector('[data-testid=\"result-count\"]');
             return document.documentElement.dataset.app === 'ready' && !!e
                 && parseInt(e.textContent.trim(), 10) === arguments[0];",
            vec![json!(n)],
        )
        .await;
    }

    /// Waits for the app to show its results (any count) and returns the count.
    pub async fn wait_loaded(&self) -> usize {
        self.wait_app().await;
        let text = self
            .wait_js(
                "the result count",
                "const e = document.querySelector('[data-testid=\"result-count\"]');
                 return e && /\\d/.test(e.textContent) ? e.textContent : null;",
                vec![],
            )
            .await;
        leading_number(text.as_str().unwrap_or("")).unwrap_or(0)
    }

    /// `location.search` now.
    pub async fn search(&self) -> String {
        self.js("return location.search;", vec![])
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Waits until `location.search` equals `expected` ("" or "?country=ES").
    pub async fn wait_search(&self, expected: &str) {
        self.wait_js(
            &format!("location.search to be {expected:?}"),
            "return location.search === arguments[0];",
            vec![json!(expected)],
        )
        .await;
    }

    /// The URL's query pairs now, decoded the way the app decodes them.
    pub async fn query(&self) -> Vec<(String, String)> {
        let pairs = self
            .js(
                "return [...new URLSearchParams(location.search)].map(([k, v]) => [k, v]);",
                vec![],
            )
            .await;
        serde_json::from_value(pairs).unwrap_or_default()
    }

    /// The value of one query key now.
    pub async fn param(&self, key: &str) -> Option<String> {
        self.query()
            .await
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The cluster ids of the rows on screen, in order.
    pub async fn row_ids(&self) -> Vec<String> {
        let ids = self
            .js(
                "return [...document.querySelectorAll('tr[data-cluster-id]')]
                    .map(r => r.getAttribute('data-cluster-id'));",
                vec![],
            )
            .await;
        serde_json::from_value(ids).unwrap_or_default()
    }

    /// The `time[datetime]` of the rows on screen, in order.
    pub async fn row_dates(&self) -> Vec<String> {
        let dates = self
            .js(
                "return [...document.querySelectorAll('tr[data-cluster-id]')].map(r => {
                    const t = r.querySelector('time[datetime]');
                    return t ? t.getAttribute('datetime') : '';
                 });",
                vec![],
            )
            .await;
        serde_json::from_value(dates).unwrap_or_default()
    }

    /// Reads new console entries and returns every entry so far.
    pub async fn console(&self) -> Vec<BrowserLogEntry> {
        let fresh = if self.engine.has_devtools() {
            self.driver().browser_log().await.unwrap_or_default()
        } else {
            self.caught_errors().await
        };
        self.log.lock().unwrap().extend(fresh);
        self.log.lock().unwrap().clone()
    }

    /// What [`CATCH_ERRORS`] recorded since the last call, as SEVERE console entries.
    async fn caught_errors(&self) -> Vec<BrowserLogEntry> {
        let taken = self
            .driver()
            .execute(
                "const seen = window.__e2eErrors || []; return seen.splice(0, seen.length);",
                vec![],
            )
            .await
            .map(|r| r.json().clone())
            .unwrap_or(Value::Null);
        let messages: Vec<String> = serde_json::from_value(taken).unwrap_or_default();
        messages
            .into_iter()
            .map(|message| {
                serde_json::from_value(
                    json!({"level": "SEVERE", "message": message, "timestamp": 0}),
                )
                .expect("a log entry")
            })
            .collect()
    }

    /// A phone's screen from now on: `width` × `height` CSS pixels at three device pixels each,
    /// with touch (DevTools' device metrics; a headless window cannot be narrower than 500 px).
    pub async fn emulate_phone(&self, width: u32, height: u32) {
        let cdp = self.driver().cdp();
        let metrics =
            json!({"width": width, "height": height, "deviceScaleFactor": 3, "mobile": true});
        if let Err(e) = cdp
            .send_raw("Emulation.setDeviceMetricsOverride", metrics)
            .await
        {
            self.fail(&format!("Emulation.setDeviceMetricsOverride: {e}"))
                .await;
        }
        let _ = cdp
            .send_raw(
                "Emulation.setTouchEmulationEnabled",
                json!({"enabled": true}),
            )
            .await;
    }

    /// Runs `source` in every page this browser opens from now on, before the page's own
    /// scripts (DevTools' `Page.addScriptToEvaluateOnNewDocument`).
    pub async fn before_every_page(&self, source: &str) {
        if let Err(e) = self
            .driver()
            .cdp()
            .send_raw(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": source }),
            )
            .await
        {
            self.fail(&format!("Page.addScriptToEvaluateOnNewDocument: {e}"))
                .await;
        }
    }

    /// Fails when the console shows a Rust panic (or the wasm trap that follows one).
    pub async fn assert_no_panic(&self, context: &str) {
        let panics: Vec<String> = self
            .console()
            .await
            .into_iter()
            .filter(|e| {
                e.message.contains("panicked")
                    || e.message.contains("RuntimeError: unreachable")
                    || e.message.starts_with("uncaught")
            })
            .map(|e| e.message)
            .collect();
        if !panics.is_empty() {
            self.fail(&format!(
                "{context}: the app panicked:\n{}",
                panics.join("\n")
            ))
            .await;
        }
    }

    /// What the page shows, for failure messages.
    pub async fn describe(&self) -> String {
        let url = match self.driver().current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => format!("(no URL: {e})"),
        };
        let text = match self
            .driver()
            .execute(
                "return document.body ? document.body.innerText : '(no body)';",
                vec![],
            )
            .await
        {
            Ok(ret) => ret.json().as_str().unwrap_or("").to_string(),
            Err(e) => format!("(could not read the page: {e})"),
        };
        let text: String = if text.chars().count() > 3000 {
            text.chars().take(3000).collect::<String>() + "…"
        } else {
            text
        };
        let console = self
            .console()
            .await
            .into_iter()
            .map(|e| format!("  [{}] {}", e.level, short(&e.message, 400)))
            .collect::<Vec<_>>()
            .join("\n");
        let engine = self.engine.name();
        format!("engine: {engine}\nURL: {url}\n--- page text ---\n{text}\n--- console ---\n{console}\n---")
    }

    /// Panics with `message` and what the page shows.
    pub async fn fail(&self, message: &str) -> ! {
        let page = self.describe().await;
        panic!("in {}: {message}\n{page}", self.engine.name());
    }

    /// Asserts `condition`, printing what the page shows when it does not hold.
    pub async fn check(&self, condition: bool, message: &str) {
        if !condition {
            self.fail(message).await;
        }
    }
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() > max {
        text.chars().take(max).collect::<String>() + "…"
    } else {
        text.to_string()
    }
}

/// The words of `arguments[0]`'s elements that the line breaks cut in two (a word drawn on two
/// lines has two boxes). A line may end after a hyphen, and websites may break anywhere, so those
/// are left out.
pub const BROKEN_WORDS: &str = "const broken = [];
    for (const root of document.querySelectorAll(arguments[0])) {
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walk.nextNode(); node; node = walk.nextNode()) {
        if (node.parentElement.closest('.website, a[target=_blank]')) continue;
        for (const m of node.data.matchAll(/[^\\s\\-\\u2010]+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;";

/// The first whole number in `text`: "106 of 270 clusters" → 106.
pub fn leading_number(text: &str) -> Option<usize> {
    let digits: String = text
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A test that failed did not quit: thirtyfour then ends the session synchronously.
        drop(self.driver.take());
        self.process.stop();
        let _ = &self.profile;
    }
}

/// One server and one browser: what most tests need.
pub struct Atlas {
    pub server: Server,
    pub browser: Browser,
}

impl Atlas {
    pub async fn start() -> Atlas {
        Atlas::start_in(Engine::Chromium).await
    }

    /// A server and a browser of `engine`.
    pub async fn start_in(engine: Engine) -> Atlas {
        let server = Server::start();
        let browser = Browser::launch_in(engine).await;
        Atlas { server, browser }
    }

    /// Without the offline worker: for tests that count the page's own requests, which the
    /// worker's precache would add to.
    pub async fn start_without_worker() -> Atlas {
        let atlas = Atlas::start().await;
        atlas.server.set("sw.js", Reply::status(404));
        atlas
    }

    /// Opens `path_and_query` of the app.
    pub async fn open(&self, path_and_query: &str) {
        self.browser.open(&self.server.url(path_and_query)).await;
    }

    /// Opens `path_and_query` and waits for the results; returns the count.
    pub async fn open_loaded(&self, path_and_query: &str) -> usize {
        self.open(path_and_query).await;
        self.browser.wait_loaded().await
    }

    pub async fn quit(self) {
        self.browser.quit().await;
    }
}

impl std::ops::Deref for Atlas {
    type Target = Browser;

    fn deref(&self) -> &Browser {
        &self.browser
    }
}
