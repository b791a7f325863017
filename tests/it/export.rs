//! Static export: the files written, and exported articles equal to served ones.

use std::process::Command;

use axum::http::StatusCode;

use crate::common::*;

fn export(base_path: &str) -> std::path::PathBuf {
    // A folder of its own: tests exporting with the same base path run at once.
    let out = tempdir().join("site");
    let output = Command::new(env!("CARGO_BIN_EXE_newsreader"))
        .args(["export", "--seeds", repo_path("seeds").to_str().unwrap(), "--base-path", base_path, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with(&format!("newsreader: exported 2 articles to {}", out.display())), "{stdout}");
    out
}

#[tokio::test]
async fn exported_pages_equal_served_pages_byte_for_byte() {
    for base in ["", "/news"] {
        let out = export(base);
        let app = full(base);
        for (file, uri) in [
            (format!("articles/{BYTEDANCE_SLUG}.html"), format!("{base}/articles/{BYTEDANCE_SLUG}")),
            (format!("articles/{VOLKSWAGEN_SLUG}.html"), format!("{base}/articles/{VOLKSWAGEN_SLUG}")),
            ("index.html".to_owned(), format!("{base}/")),
        ] {
            let served = get(&app, &uri).await;
            assert_eq!(served.status, StatusCode::OK);
            let written = std::fs::read(out.join(&file)).unwrap();
            assert!(written == served.bytes, "{file} differs from {uri}");
        }
        let missing = get(&app, &format!("{base}/articles/none")).await;
        assert_eq!(std::fs::read(out.join("404.html")).unwrap(), missing.bytes);
    }
}

#[test]
fn permanent_addresses_exist_in_the_export() {
    let out = export("");
    let (corpus, _) = newsreader::corpus::Corpus::load(&repo_path("seeds")).unwrap();
    let permanent = corpus.permanent_slug(0).unwrap();
    assert!(permanent.starts_with(&format!("{BYTEDANCE_SLUG}-")), "{permanent}");
    assert_eq!(
        std::fs::read(out.join(format!("articles/{permanent}.html"))).unwrap(),
        std::fs::read(out.join(format!("articles/{BYTEDANCE_SLUG}.html"))).unwrap()
    );
}

#[test]
fn export_writes_assets_under_both_names() {
    let out = export("");
    let css = std::fs::read(repo_path("static/style.css")).unwrap();
    assert_eq!(std::fs::read(out.join("static/style.css")).unwrap(), css);
    let hashed: Vec<String> = std::fs::read_dir(out.join("static"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("style.") && name != "style.css")
        .collect();
    assert_eq!(hashed.len(), 1);
    assert_eq!(std::fs::read(out.join("static").join(&hashed[0])).unwrap(), css);
}
