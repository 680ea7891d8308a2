//! The three engines people browse with, each behind its own WebDriver server: Chromium
//! (chromedriver), Firefox (geckodriver) and WebKit (WebKitWebDriver driving MiniBrowser on an
//! X display of its own). `.ci/setup --test` installs them; this module starts one driver per
//! browser on a free port, in its own process group so that the browser goes with it.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use thirtyfour::prelude::*;
use thirtyfour::{Capabilities, LoggingPrefsLogLevel};

use super::{TempDir, POLL, WAIT};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "chromedriver";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
pub const GECKODRIVER: &str = "geckodriver";
pub const WEBKIT_DRIVER: &str = "WebKitWebDriver";
pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// A browser engine the end-to-end tests run in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    WebKit,
}

impl Engine {
    /// Its name in failure messages.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "Chromium",
            Engine::Firefox => "Firefox",
            Engine::WebKit => "WebKit",
        }
    }

    /// Whether DevTools (CDP) is there: device emulation, network conditions, the console log.
    pub fn has_devtools(self) -> bool {
        self == Engine::Chromium
    }

    fn driver(self) -> &'static str {
        match self {
            Engine::Chromium => CHROMEDRIVER,
            Engine::Firefox => GECKODRIVER,
            Engine::WebKit => WEBKIT_DRIVER,
        }
    }
}

/// What a browser is opened with.
#[derive(Clone, Copy, Debug)]
pub struct Launch {
    pub engine: Engine,
    pub width: u32,
    pub height: u32,
    /// False: the page runs no script (Chromium only; WebDriver's own scripts still run).
    pub javascript: bool,
}

/// A running WebDriver server (and, for WebKit, the X display its browser draws on).
pub struct DriverProcess {
    pub port: u16,
    child: Child,
    display: Option<Child>,
}

impl DriverProcess {
    /// Starts the driver of `engine` on a free port and waits until it answers.
    pub async fn start(engine: Engine, scratch: &Path) -> DriverProcess {
        let display = (engine == Engine::WebKit).then(start_display);
        let port = free_port();
        let mut command = Command::new(engine.driver());
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        match engine {
            Engine::Chromium | Engine::WebKit => command.arg(format!("--port={port}")),
            Engine::Firefox => command
                .args(["--port", &port.to_string(), "--binary", FIREFOX])
                .arg("--profile-root")
                .arg(scratch),
        };
        if let Some((_, number)) = &display {
            command.env("DISPLAY", format!(":{number}"));
        }
        // Its own process group, so that the browsers it starts go with it.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let spawned = command.spawn();
        let mut process = DriverProcess {
            port,
            child: spawned.unwrap_or_else(|e| {
                panic!(
                    "cannot start {} ({e}): install it with `make setup-test` (.ci/setup --test)",
                    engine.driver()
                )
            }),
            display: display.map(|(xvfb, _)| xvfb),
        };
        let started = Instant::now();
        while !driver_ready(port) {
            if let Ok(Some(status)) = process.child.try_wait() {
                panic!(
                    "{} on port {port} exited at start: {status}",
                    engine.driver()
                );
            }
            if started.elapsed() > WAIT {
                panic!(
                    "{} on port {port} did not answer within {WAIT:?}",
                    engine.driver()
                );
            }
            tokio::time::sleep(POLL).await;
        }
        process
    }

    /// Ends the driver, its browser and the display.
    pub fn stop(&mut self) {
        kill_group(&mut self.child);
        if let Some(display) = self.display.as_mut() {
            kill_group(display);
        }
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The capabilities that open `launch.engine` headless (WebKit: on its own display), with its
/// downloads going to `downloads`.
pub fn capabilities(launch: Launch, profile: &Path, downloads: &Path) -> Capabilities {
    let built = match launch.engine {
        Engine::Chromium => chromium_capabilities(launch, profile, downloads),
        Engine::Firefox => firefox_capabilities(launch, downloads),
        Engine::WebKit => webkit_capabilities(),
    };
    built.unwrap_or_else(|e| panic!("{} capabilities: {e}", launch.engine.name()))
}

/// The flags the Node benchmarks give Chromium too (`chromium-flags.txt`).
fn chromium_flags() -> impl Iterator<Item = &'static str> {
    include_str!("chromium-flags.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

fn chromium_capabilities(
    launch: Launch,
    profile: &Path,
    downloads: &Path,
) -> WebDriverResult<Capabilities> {
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(CHROMIUM)?;
    caps.add_arg("--headless")?;
    for arg in chromium_flags() {
        caps.add_arg(arg)?;
    }
    caps.add_arg(&format!("--window-size={},{}", launch.width, launch.height))?;
    caps.add_arg(&format!("--user-data-dir={}", profile.display()))?;
    caps.set_browser_log_level(LoggingPrefsLogLevel::All)?;
    caps.add_experimental_option(
        "prefs",
        json!({
            "download.default_directory": downloads.display().to_string(),
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
            // 2: blocked.
            "profile.managed_default_content_settings.javascript": if launch.javascript { 1 } else { 2 },
        }),
    )?;
    Ok(caps.into())
}

fn firefox_capabilities(launch: Launch, downloads: &Path) -> WebDriverResult<Capabilities> {
    let mut caps = Capabilities::new();
    caps.set("browserName", "firefox")?;
    caps.set(
        "moz:firefoxOptions",
        json!({
            "binary": FIREFOX,
            "args": ["-headless", format!("--width={}", launch.width), format!("--height={}", launch.height)],
            "prefs": {
                "browser.download.folderList": 2,
                "browser.download.dir": downloads.display().to_string(),
                "browser.download.useDownloadDir": true,
                "browser.download.always_ask_before_handling_new_types": false,
                "browser.download.alwaysOpenPanel": false,
                "browser.helperApps.neverAsk.saveToDisk":
                    "text/csv,text/calendar,image/svg+xml,image/png,application/json,application/octet-stream",
                // No requests to hosts this machine cannot reach.
                "app.update.auto": false,
                "browser.safebrowsing.malware.enabled": false,
                "browser.safebrowsing.phishing.enabled": false,
                "network.captive-portal-service.enabled": false,
                "network.connectivity-service.enabled": false,
            },
        }),
    )?;
    Ok(caps)
}

fn webkit_capabilities() -> WebDriverResult<Capabilities> {
    let mut caps = Capabilities::new();
    caps.set("browserName", "MiniBrowser")?;
    caps.set(
        "webkitgtk:browserOptions",
        json!({"binary": MINIBROWSER, "args": ["--automation"]}),
    )?;
    Ok(caps)
}

/// Starts `Xvfb` on the first free display number from one chosen by this process (other test
/// binaries may run at the same time), and returns it with its number.
fn start_display() -> (Child, u32) {
    let first = 100 + (std::process::id() % 400) * 10;
    for number in first..first + 200 {
        if Path::new(&format!("/tmp/.X{number}-lock")).exists() {
            continue;
        }
        let mut command = Command::new("Xvfb");
        command
            .arg(format!(":{number}"))
            .args(["-screen", "0", "1400x1100x24", "-nolisten", "tcp"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut xvfb = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Xvfb ({e}): install xvfb (make setup-test)"));
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let started = Instant::now();
        loop {
            if let Ok(Some(_)) = xvfb.try_wait() {
                break; // Taken in the meantime: try the next number.
            }
            if socket.exists() {
                return (xvfb, number);
            }
            if started.elapsed() > WAIT {
                kill_group(&mut xvfb);
                panic!("Xvfb :{number} did not start within {WAIT:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    panic!("no free X display number from :{first}");
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// Whether a WebDriver server answers `GET /status` on `port` with ready = true.
fn driver_ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request =
        format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let ready = answer
        .split_once("\r\n\r\n")
        .and_then(|(_, body)| serde_json::from_str::<Value>(body).ok())
        .and_then(|v| v["value"]["ready"].as_bool());
    ready == Some(true)
}

/// Kills `child` and everything in its process group (the browser a driver started).
pub fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// Runs MiniBrowser itself (not under WebDriver, which does not pass its console on) at `url`
/// with its console written out, and returns the lines it printed by the time `done` says the
/// page has got far enough. It runs under `script(1)`, so that it sees a terminal and writes each
/// line at once (into a file, its output would sit in a buffer until it exits).
pub async fn webkit_console(
    scratch: &TempDir,
    url: &str,
    mut done: impl FnMut() -> bool,
) -> Vec<String> {
    let (mut xvfb, number) = start_display();
    let out = scratch.path().join("minibrowser-console.txt");
    let _ = File::create(&out);
    let browser = format!("{MINIBROWSER} --enable-write-console-messages-to-stdout=true '{url}'");
    let mut command = Command::new("script");
    command
        .args(["-qfc", &browser])
        .arg(&out)
        .env("DISPLAY", format!(":{number}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run MiniBrowser under script(1): {e}"));
    let started = Instant::now();
    while !done() {
        if started.elapsed() > WAIT {
            kill_group(&mut child);
            kill_group(&mut xvfb);
            panic!("WebKit: MiniBrowser at {url} did not get far enough within {WAIT:?}");
        }
        tokio::time::sleep(POLL).await;
    }
    let printed = std::fs::read_to_string(&out).unwrap_or_default();
    kill_group(&mut child);
    kill_group(&mut xvfb);
    printed
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.is_empty())
        .collect()
}
