//! The binary's command line and environment: each subcommand reads only its own
//! `NEWSREADER_*` variables, an empty variable is the same as an unset one, and a usage
//! error has an exit status of its own (64), apart from every result `check` grades.

use std::collections::BTreeSet;
use std::io::{BufRead, Read};
use std::process::{Command, Stdio};

use crate::common::{repo_path, tempdir};

/// The exit status of a usage error (EX_USAGE in sysexits.h).
const USAGE: i32 = 64;
const COMMANDS: [&str; 4] = ["serve", "export", "check", "index"];

/// One environment variable: its name, the option it stands for (absent for the log filter),
/// the subcommands that read it and a value they refuse as a usage error.
struct Variable {
    name: &'static str,
    option: Option<&'static str>,
    commands: &'static [&'static str],
    bad: Option<&'static str>,
}

/// The table of every variable, and two tests per row: an empty value behaves as unset in
/// every subcommand that reads it, and a bad value is refused by those and ignored by the
/// others.
macro_rules! variables {
    ($($module:ident: $name:literal, $option:expr, [$($command:literal),*], $bad:expr;)*) => {
        const VARIABLES: &[Variable] =
            &[$(Variable { name: $name, option: $option, commands: &[$($command),*], bad: $bad }),*];
        $(mod $module {
            #[test]
            fn empty_means_unset() {
                super::empty_means_unset(super::variable($name));
            }
            #[test]
            fn bad_value_matters_only_to_its_commands() {
                super::bad_value_matters_only_to_its_commands(super::variable($name));
            }
        })*
    };
}

variables! {
    seeds: "NEWSREADER_SEEDS", Some("--seeds"), ["serve", "export", "check", "index"], None;
    log: "NEWSREADER_LOG", None, ["serve", "export", "check", "index"], None;
    bind: "NEWSREADER_BIND", Some("--bind"), ["serve"], Some("localhost");
    base_path: "NEWSREADER_BASE_PATH", Some("--base-path"), ["serve", "export"], Some("/a b");
    public_url: "NEWSREADER_PUBLIC_URL", Some("--public-url"), ["serve", "export"], Some("ftp://x/");
    request_timeout: "NEWSREADER_REQUEST_TIMEOUT", Some("--request-timeout"), ["serve"], Some("0");
    header_timeout: "NEWSREADER_HEADER_TIMEOUT", Some("--header-timeout"), ["serve"], Some("0");
    max_concurrent: "NEWSREADER_MAX_CONCURRENT", Some("--max-concurrent"), ["serve"], Some("0");
    page_cache_mib: "NEWSREADER_PAGE_CACHE_MIB", Some("--page-cache-mib"), ["serve"], Some("lots");
    no_watch: "NEWSREADER_NO_WATCH", Some("--no-watch"), ["serve"], Some("maybe");
    data: "NEWSREADER_DATA", Some("--data"), ["serve", "index"], None;
    read_only: "NEWSREADER_READ_ONLY", Some("--read-only"), ["serve"], Some("maybe");
    noindex: "NEWSREADER_NOINDEX", Some("--noindex"), ["serve"], Some("maybe");
    socket_mode: "NEWSREADER_SOCKET_MODE", Some("--socket-mode"), ["serve"], Some("999");
    metrics_allow: "NEWSREADER_METRICS_ALLOW", Some("--metrics-allow"), ["serve"], Some("intranet");
    metrics_bind: "NEWSREADER_METRICS_BIND", Some("--metrics-bind"), ["serve"], Some("localhost");
    trusted_proxy: "NEWSREADER_TRUSTED_PROXY", Some("--trusted-proxy"), ["serve"], Some("10.0.0.0/33");
    auth_header: "NEWSREADER_AUTH_HEADER", Some("--auth-header"), ["serve"], Some("Remote User");
    access_log: "NEWSREADER_ACCESS_LOG", Some("--access-log"), ["serve"], Some("apache");
    out: "NEWSREADER_OUT", Some("--out"), ["export"], None;
}

fn variable(name: &str) -> &'static Variable {
    VARIABLES.iter().find(|variable| variable.name == name).expect("in the table")
}

/// What one run gave. A server that came up is stopped after its first line of standard
/// output: `status` is then `None` and `stderr` holds only its logged configuration.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// The options a test passes to `command`, less the one `skip` stands for, so that the
/// variable under test decides it. `out` is the export's folder.
fn options(command: &str, skip: Option<&str>, out: &std::path::Path) -> Vec<String> {
    let seeds = repo_path("seeds").display().to_string();
    let mut options: Vec<(&str, Option<String>)> = vec![("--seeds", Some(seeds))];
    match command {
        "serve" => options.push(("--bind", Some("127.0.0.1:0".to_owned()))),
        "export" => options.push(("--out", Some(out.display().to_string()))),
        _ => {}
    }
    let mut args = vec![command.to_owned()];
    for (option, value) in options.into_iter().filter(|(option, _)| Some(*option) != skip) {
        args.push(option.to_owned());
        args.extend(value);
    }
    args
}

/// Runs newsreader with `args` in the repository (where the default `seeds` folder is), with
/// no `NEWSREADER_*` variable but `env`; lines keep their text less log timestamps and
/// listening ports.
fn run(args: &[String], env: &[(&str, &str)]) -> Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsreader"));
    // A cache folder of its own, so the default data folder is this run's alone.
    let cache = tempdir();
    command.args(args).current_dir(repo_path("")).env("NO_COLOR", "1").env("XDG_CACHE_HOME", &cache);
    for variable in VARIABLES {
        command.env_remove(variable.name);
    }
    command.envs(env.iter().copied());
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = String::new();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    reader.read_line(&mut stdout).unwrap();
    let serving = stdout.starts_with("newsreader: serving");
    if serving {
        child.kill().unwrap();
    } else {
        reader.read_to_string(&mut stdout).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let cache = cache.display().to_string();
    let normalized = |text: &str| normalized(text).replace(&cache, "CACHE");
    let stderr = normalized(&String::from_utf8_lossy(&output.stderr));
    let stderr = if serving {
        stderr.lines().filter(|line| line.contains("configuration")).collect::<Vec<_>>().join("\n")
    } else {
        stderr
    };
    Outcome { status: if serving { None } else { output.status.code() }, stdout: normalized(&stdout), stderr }
}

/// `text` without the timestamp that starts each log line and with every listening port as
/// `PORT`.
fn normalized(text: &str) -> String {
    let port = regex::Regex::new(r"127\.0\.0\.1:[1-9][0-9]*").unwrap();
    let lines = text.lines().map(|line| match line.split_once(' ') {
        Some((stamp, rest)) if stamp.len() > 20 && stamp.ends_with('Z') => rest.trim_start(),
        _ => line,
    });
    port.replace_all(&lines.collect::<Vec<_>>().join("\n"), "127.0.0.1:PORT").into_owned()
}

fn empty_means_unset(variable: &Variable) {
    for command in variable.commands {
        let out = tempdir().join("site");
        let args = options(command, variable.option, &out);
        let unset = run(&args, &[]);
        // A second export into the same folder would count its files as unchanged.
        let _ = std::fs::remove_dir_all(&out);
        let empty = run(&args, &[(variable.name, "")]);
        assert_eq!(empty, unset, "{}= with {command}", variable.name);
    }
}

fn bad_value_matters_only_to_its_commands(variable: &Variable) {
    let Some(bad) = variable.bad else { return };
    for command in COMMANDS {
        let out = tempdir().join("site");
        let args = options(command, variable.option, &out);
        let refused = run(&args, &[(variable.name, bad)]);
        if variable.commands.contains(&command) {
            assert_eq!(refused.status, Some(USAGE), "{}={bad} with {command}: {refused:?}", variable.name);
            assert!(refused.stderr.starts_with(&format!("error: invalid value '{bad}' for '")), "{refused:?}");
        } else {
            let _ = std::fs::remove_dir_all(&out);
            assert_eq!(refused, run(&args, &[]), "{}={bad} with {command}", variable.name);
        }
    }
}

#[test]
fn the_table_names_every_variable_the_help_names() {
    let mut named = BTreeSet::new();
    let pattern = regex::Regex::new(r"NEWSREADER_[A-Z_]+").unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["export", "--help"],
        vec!["check", "--help"],
        vec!["index", "--help"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_newsreader")).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let help = String::from_utf8(output.stdout).unwrap();
        named.extend(pattern.find_iter(&help).map(|found| found.as_str().trim_end_matches('_').to_owned()));
    }
    let table: BTreeSet<String> = VARIABLES.iter().map(|variable| variable.name.to_owned()).collect();
    assert_eq!(named, table);
}

#[test]
fn check_ignores_the_options_of_serve() {
    let args = options("check", None, &tempdir());
    let outcome = run(&args, &[("NEWSREADER_REQUEST_TIMEOUT", "0"), ("NEWSREADER_BIND", "nowhere")]);
    assert_eq!(outcome.status, Some(0), "{outcome:?}");
    assert!(outcome.stdout.ends_with("1 file: 2 articles, 10 lines removed, 0 warnings, 0 errors"), "{outcome:?}");
}

#[test]
fn usage_errors_exit_64_apart_from_check_results() {
    for args in [&["check", "--bogus"][..], &["check", "--bind", "127.0.0.1:9"], &["--bind", "nope"], &["export"]] {
        let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
        let outcome = run(&args, &[]);
        assert_eq!(outcome.status, Some(USAGE), "{args:?}: {outcome:?}");
        assert!(outcome.stderr.starts_with("error: "), "{outcome:?}");
    }
}

#[test]
fn help_tells_the_exit_statuses() {
    let output = Command::new(env!("CARGO_BIN_EXE_newsreader")).args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("Exit status: 0 clean, 1 errors, 2 warnings only, 64 a usage error"), "{help}");
}

#[test]
fn newsreader_alone_serves_with_the_options_of_serve() {
    let alone = run(&["--seeds".to_owned(), "seeds".to_owned()], &[("NEWSREADER_BIND", "127.0.0.1:0")]);
    assert_eq!(alone.status, None, "{alone:?}");
    assert_eq!(alone.stdout, "newsreader: serving 2 articles at http://127.0.0.1:PORT/");
    let seeds = crate::export::many_articles(1).to_string_lossy().into_owned();
    let one = run(&["--seeds".to_owned(), seeds], &[("NEWSREADER_BIND", "127.0.0.1:0")]);
    assert_eq!(one.stdout, "newsreader: serving 1 article at http://127.0.0.1:PORT/");
    let served =
        run(&["serve".to_owned(), "--seeds".to_owned(), "seeds".to_owned()], &[("NEWSREADER_BIND", "127.0.0.1:0")]);
    assert_eq!(alone, served);
}

#[test]
fn a_public_url_with_credentials_is_refused_in_one_line() {
    let out = tempdir().join("site");
    let mut args = options("export", None, &out);
    args.extend(["--public-url".to_owned(), "https://user:pw@intranet.example/".to_owned()]);
    let outcome = run(&args, &[]);
    assert_eq!(outcome.status, Some(USAGE), "{outcome:?}");
    let first = outcome.stderr.lines().next().unwrap();
    assert_eq!(
        first,
        "error: invalid value 'https://user:pw@intranet.example/' for '--public-url <URL>': \
         a public URL must not hold a user name or password"
    );
    assert!(!out.exists(), "nothing is exported");
}

#[test]
fn the_readme_table_gives_every_option_with_its_variable() {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let option_line = regex::Regex::new(r"^\s+(?:-\w, )?(--[a-z-]+)").unwrap();
    let variable = regex::Regex::new(r"\[env: (NEWSREADER_[A-Z_]+)=").unwrap();
    let mut checked = 0;
    for command in COMMANDS {
        let output = Command::new(env!("CARGO_BIN_EXE_newsreader")).args([command, "--help"]).output().unwrap();
        let help = String::from_utf8(output.stdout).unwrap();
        let mut option = None;
        for line in help.lines() {
            if let Some(found) = option_line.captures(line) {
                option = Some(found[1].to_owned());
            }
            if let (Some(option), Some(found)) = (&option, variable.captures(line)) {
                let row =
                    |row: &&str| row.starts_with(&format!("| `{option} ")) || row.starts_with(&format!("| `{option}`"));
                let rows: Vec<&str> = readme.lines().filter(row).collect();
                assert!(
                    rows.iter().any(|row| row.contains(&format!("`{}`", &found[1]))),
                    "{option} {}: {rows:?}",
                    &found[1]
                );
                checked += 1;
            }
        }
    }
    // The options with a variable: serve's 18, export's 4, check's 1 and index's 2.
    assert_eq!(checked, 25);
}
