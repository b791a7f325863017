//! Running it for an office: readiness, status and watchdog on systemd's notify socket,
//! socket activation (Debian's `systemd-socket-activate`), a Unix socket behind real nginx,
//! the `/metrics` allow-list, forwarded client addresses from trusted proxies only, the
//! user an authenticating proxy names, the access log and the configuration line.

use std::io::BufRead;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixDatagram;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use newsreader::web::{Access, Limits, Peer};

use crate::common::*;
use crate::nginx::{free_port, nginx, readme_block, scratch};
use crate::server::{Server, large_folder, serve_command, signal, spawn, start_with, with_test_environment};

const SOCKET_ACTIVATE: &str = "/usr/bin/systemd-socket-activate";

/// The messages that reach `socket` until one holds `last`, at most 10 seconds.
fn messages_until(socket: &UnixDatagram, last: &str) -> Vec<String> {
    socket.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut messages = Vec::new();
    let mut buffer = [0u8; 4096];
    while Instant::now() < deadline {
        if let Ok(length) = socket.recv(&mut buffer) {
            messages.push(String::from_utf8_lossy(&buffer[..length]).into_owned());
            if messages.last().is_some_and(|message| message.contains(last)) {
                return messages;
            }
        }
    }
    panic!("no {last:?} within 10 s: {messages:?}");
}

#[tokio::test]
async fn readiness_status_and_watchdog_reach_the_notify_socket() {
    let dir = tempdir();
    let path = dir.join("notify.sock");
    let socket = UnixDatagram::bind(&path).unwrap();
    let mut command = serve_command("127.0.0.1:0", &repo_path("seeds"), &["--no-watch"]);
    command.env("NOTIFY_SOCKET", &path).env("WATCHDOG_USEC", "200000");
    let server = spawn(command);
    let messages = messages_until(&socket, "READY=1");
    assert_eq!(messages, ["STATUS=reading the seed files\n", "READY=1\nSTATUS=serving 2 articles\n"]);
    // Ready means pages are served.
    assert_eq!(reqwest::get(&server.url).await.unwrap().status(), 200);
    let started = Instant::now();
    messages_until(&socket, "WATCHDOG=1");
    messages_until(&socket, "WATCHDOG=1");
    assert!(started.elapsed() < Duration::from_secs(1), "two pings every 100 ms took {:?}", started.elapsed());
    signal(&server, "TERM");
    assert!(messages_until(&socket, "STOPPING=1").last().is_some_and(|message| message == "STOPPING=1\n"));
}

#[tokio::test]
async fn the_status_follows_a_large_folder_until_it_is_read_whole() {
    let dir = tempdir();
    let path = dir.join("notify.sock");
    let socket = UnixDatagram::bind(&path).unwrap();
    let mut command = serve_command("127.0.0.1:0", &large_folder(), &["--no-watch"]);
    command.env("NOTIFY_SOCKET", &path);
    let _server = spawn(command);
    assert_eq!(
        messages_until(&socket, "STATUS=serving 3 articles\n"),
        [
            "STATUS=reading the seed files\n",
            "READY=1\nSTATUS=serving 2 articles, reading the other seed files\n",
            "STATUS=serving 3 articles\n"
        ]
    );
}

#[tokio::test]
async fn socket_activation_serves_on_the_socket_systemd_passes() {
    assert!(
        Path::new(SOCKET_ACTIVATE).exists(),
        "{SOCKET_ACTIVATE} is missing: install systemd (scripts/test.sh does)"
    );
    let port = free_port();
    let cache = tempdir();
    let mut command = Command::new(SOCKET_ACTIVATE);
    command
        .args(["--listen", &format!("127.0.0.1:{port}"), "-E", "NO_COLOR=1"])
        .arg(format!("--setenv=XDG_CACHE_HOME={}", cache.display()))
        .arg(env!("CARGO_BIN_EXE_newsreader"))
        // An address it could not bind: the passed socket is used instead.
        .args(["serve", "--no-watch", "--bind", "unix:/nonexistent/newsreader.sock", "--seeds"])
        .arg(repo_path("seeds"));
    with_test_environment(&mut command);
    // systemd-socket-activate starts newsreader on the first connection.
    let knock = std::thread::spawn(move || {
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let server = spawn(command);
    knock.join().unwrap();
    assert_eq!(server.url, format!("http://127.0.0.1:{port}/"));
    let list = reqwest::get(&server.url).await.unwrap();
    assert_eq!(list.status(), 200);
    assert_eq!(texts(&list.text().await.unwrap(), ".entry-headline"), [BYTEDANCE, VOLKSWAGEN]);
    let log = server.stop();
    assert!(log.contains("serving on the sockets systemd passed; --bind is not used sockets=1"), "{log}");
}

/// Starts newsreader on the Unix socket `socket` under `/news`.
fn on_unix_socket(socket: &Path) -> Server {
    let bind = format!("unix:{}", socket.display());
    spawn(serve_command(&bind, &repo_path("seeds"), &["--no-watch", "--base-path", "/news", "--socket-mode", "666"]))
}

#[tokio::test]
async fn a_unix_socket_server_behind_nginx_replaces_a_stale_socket_and_refuses_a_live_one() {
    let dir = scratch("unix");
    let socket = dir.join("newsreader.sock");
    // A socket file nothing listens on, as a crash leaves it.
    drop(std::os::unix::net::UnixListener::bind(&socket).unwrap());
    let first = on_unix_socket(&socket);
    assert_eq!(first.url, format!("http://unix:{}:/news/", socket.display()));
    assert_eq!(std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777, 0o666);

    let bind = format!("unix:{}", socket.display());
    let refused = serve_command(&bind, &repo_path("seeds"), &[]).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(
        stderr.lines().last().unwrap(),
        format!("error: cannot listen on unix:{}: another server is listening on it", socket.display())
    );
    // Killed, it leaves its socket behind; the next server replaces it.
    drop(first.stop());
    assert!(socket.exists());
    let server = on_unix_socket(&socket);

    let port = free_port();
    let block = readme_block("nginx", "proxy_pass http://unix:");
    let readme_socket = "/run/newsreader/newsreader.sock";
    assert!(block.contains(readme_socket), "{block}");
    let _nginx = nginx(&dir, port, &block.replace(readme_socket, &socket.display().to_string()));
    let home = format!("http://127.0.0.1:{port}/news/");
    wait_until_ready(&home).await;
    let article = reqwest::get(format!("{home}articles/{BYTEDANCE_SLUG}")).await.unwrap();
    assert_eq!(article.status(), 200);
    let html = article.text().await.unwrap();
    assert_eq!(texts(&html, "h1"), [BYTEDANCE]);
    assert_eq!(attrs(&html, "link[rel=canonical]", "href"), [format!("{home}articles/{BYTEDANCE_SLUG}")]);
    let log = server.stop();
    let line = "127.0.0.1 - - [";
    let request = format!("\"GET /news/articles/{BYTEDANCE_SLUG} HTTP/1.0\" 200 ");
    assert!(log.lines().any(|logged| logged.starts_with(line) && logged.contains(&request)), "{log}");
}

/// `GET {url}{path}` with `headers`.
async fn get_with(url: &str, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(format!("{url}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn metrics_answer_403_outside_the_allow_list_while_the_probes_stay_open() {
    let server = start_with(&repo_path("seeds"), &["--no-watch", "--metrics-allow", "10.0.0.0/8"]);
    let metrics = get_with(&server.url, "metrics", &[]).await;
    assert_eq!(metrics.status(), 403);
    assert_eq!(metrics.text().await.unwrap(), "403 Forbidden: metrics are for the addresses in --metrics-allow\n");
    wait_until_ready(&server.url).await;
    assert_eq!(get_with(&server.url, "healthz", &[]).await.status(), 200);
    // From loopback, the default trusted proxy, the forwarded client is the one checked.
    let forwarded = get_with(&server.url, "metrics", &[("x-forwarded-for", "10.1.2.3")]).await;
    assert_eq!(forwarded.status(), 200);
    assert!(forwarded.text().await.unwrap().contains("newsreader_articles 2\n"));
    let log = server.stop();
    let lines: Vec<&str> = log.lines().filter(|line| line.contains("\"GET /metrics HTTP/1.1\"")).collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(lines[0].starts_with("127.0.0.1 - - [") && lines[0].contains("\" 403 64 \"-\" \"-\""), "{}", lines[0]);
    assert!(lines[1].starts_with("10.1.2.3 - - ["), "{}", lines[1]);
}

#[tokio::test]
async fn forwarded_headers_are_honoured_from_a_trusted_proxy_and_ignored_from_others() {
    let article = format!("articles/{BYTEDANCE_SLUG}");
    let forwarding =
        [("x-forwarded-for", "203.0.113.7"), ("x-forwarded-host", "intranet.example"), ("x-forwarded-proto", "https")];
    for (trusted, client, origin) in
        [("127.0.0.1", "203.0.113.7", "https://intranet.example".to_owned()), ("none", "127.0.0.1", String::new())]
    {
        let server =
            start_with(&repo_path("seeds"), &["--no-watch", "--trusted-proxy", trusted, "--access-log", "json"]);
        let origin = if origin.is_empty() { server.url.trim_end_matches('/').to_owned() } else { origin };
        let response = get_with(&server.url, &article, &forwarding).await;
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert_eq!(
            attrs(&html, "link[rel=canonical]", "href"),
            [format!("{origin}/{article}")],
            "--trusted-proxy {trusted}"
        );
        let metrics = get_with(&server.url, "metrics", &forwarding).await;
        assert_eq!(metrics.status(), if trusted == "none" { 200 } else { 403 }, "--trusted-proxy {trusted}");
        let log = server.stop();
        let entries: Vec<serde_json::Value> =
            log.lines().filter(|line| line.starts_with('{')).map(|line| serde_json::from_str(line).unwrap()).collect();
        assert_eq!(entries.len(), 2, "{log}");
        assert_eq!(entries[0]["client"], client, "--trusted-proxy {trusted}");
        assert_eq!(entries[0]["target"], format!("/{article}"));
        assert_eq!(entries[0]["status"], 200);
        assert_eq!(entries[1]["target"], "/metrics");
    }
}

#[tokio::test]
async fn metrics_bind_serves_metrics_on_an_address_of_its_own() {
    let mut server = start_with(&repo_path("seeds"), &["--no-watch", "--metrics-bind", "127.0.0.1:0"]);
    let mut line = String::new();
    server.stdout.read_line(&mut line).unwrap();
    let metrics_url = line.trim().strip_prefix("newsreader: metrics at ").expect("the metrics address").to_owned();
    assert!(metrics_url.starts_with("http://127.0.0.1:") && metrics_url.ends_with("/metrics"), "{metrics_url}");
    let metrics = reqwest::get(&metrics_url).await.unwrap();
    assert_eq!(metrics.status(), 200);
    assert!(metrics.text().await.unwrap().contains("newsreader_articles 2\n"));
    assert_eq!(get_with(&server.url, "metrics", &[]).await.status(), 404);
    let probe = metrics_url.replace("/metrics", "/healthz");
    assert_eq!(reqwest::get(probe).await.unwrap().status(), 200);
}

/// `GET path` through the whole application from `peer` with `headers`.
async fn from_peer(app: &axum::Router, peer: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::builder().uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::empty()).unwrap();
    request.extensions_mut().insert(Peer(peer.parse().unwrap()));
    send(app, request).await
}

#[tokio::test]
async fn the_auth_header_is_needed_from_a_trusted_proxy_on_every_route_but_the_probes() {
    let access = Access { auth_header: Some(axum::http::HeaderName::from_static("remote-user")), ..Access::default() };
    let app = newsreader::web::app(state(&repo_path("seeds"), "/news"), Limits::default(), access);
    let article = format!("/news/articles/{BYTEDANCE_SLUG}");
    let user = [("remote-user", "ann")];
    for (peer, path, headers, status) in [
        ("127.0.0.1", article.as_str(), &user[..], StatusCode::OK),
        ("127.0.0.1", article.as_str(), &[], StatusCode::UNAUTHORIZED),
        ("127.0.0.1", "/news/", &[("remote-user", " ")], StatusCode::UNAUTHORIZED),
        ("192.0.2.1", article.as_str(), &user, StatusCode::UNAUTHORIZED),
        ("192.0.2.1", "/news/static/nothing.css", &user, StatusCode::UNAUTHORIZED),
        ("192.0.2.1", "/news/healthz", &[], StatusCode::OK),
        ("192.0.2.1", "/readyz", &[], StatusCode::OK),
        ("127.0.0.1", "/news/metrics", &user, StatusCode::OK),
    ] {
        let reply = from_peer(&app, peer, path, headers).await;
        assert_eq!(reply.status, status, "{peer} {path} {headers:?}");
        if status == StatusCode::UNAUTHORIZED {
            assert_eq!(reply.body, "401 Unauthorized: sign in through the office's proxy\n");
            assert_eq!(reply.headers["x-content-type-options"], "nosniff");
        }
    }
}

#[tokio::test]
async fn the_access_log_names_the_user_and_can_be_off() {
    let server = start_with(&repo_path("seeds"), &["--no-watch", "--auth-header", "Remote-User"]);
    let page = get_with(&server.url, "", &[("remote-user", "ann"), ("referer", "http://intranet.example/")]).await;
    assert_eq!(page.status(), 200);
    assert_eq!(get_with(&server.url, "", &[]).await.status(), 401);
    let log = server.stop();
    let lines: Vec<&str> = log.lines().filter(|line| line.contains("\"GET / HTTP/1.1\"")).collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(lines[0].starts_with("127.0.0.1 - ann ["), "{}", lines[0]);
    assert!(lines[0].ends_with("\"http://intranet.example/\" \"-\""), "{}", lines[0]);
    assert!(lines[1].starts_with("127.0.0.1 - - [") && lines[1].contains("\" 401 53 \""), "{}", lines[1]);

    let quiet = start_with(&repo_path("seeds"), &["--no-watch", "--access-log", "off"]);
    assert_eq!(reqwest::get(&quiet.url).await.unwrap().status(), 200);
    let log = quiet.stop();
    assert!(!log.contains("HTTP/1.1\""), "{log}");
}

#[tokio::test]
async fn the_configuration_is_logged_as_key_value_fields() {
    let server = start_with(
        &repo_path("seeds"),
        &["--no-watch", "--trusted-proxy", "10.0.0.0/8", "--auth-header", "Remote-User"],
    );
    let log = server.stop();
    let line = log
        .lines()
        .find(|line| line.ends_with("configuration") || line.contains(" configuration "))
        .expect("a configuration line");
    for field in [
        "bind=127.0.0.1:0",
        "socket_mode=660",
        "public_url=none",
        "request_timeout_s=30",
        "watch=false",
        "metrics_allow=127.0.0.0/8,::1/128",
        "metrics_bind=none",
        "trusted_proxy=10.0.0.0/8",
        "auth_header=remote-user",
        "access_log=combined",
    ] {
        assert!(line.split_whitespace().any(|word| word == field), "{field} in {line}");
    }
    assert!(!line.contains("ServeArgs") && !line.contains('{'), "{line}");
}
