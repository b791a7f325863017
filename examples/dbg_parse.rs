//! temp
#![allow(clippy::unwrap_used)]
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let decoded = newsreader::corpus::decode::decode(bytes).unwrap();
    let text: newsreader::article::SeedText = decoded.text.into();
    let parsed = newsreader::corpus::parse::parse(&text);
    println!("{:#?}", parsed.first_headline);
    for a in &parsed.articles {
        println!(
            "H={:?} D={:?} B={:?} S={:?} src={:?} sf={:?}\n photos={:?}",
            a.headline, a.dateline, a.byline, a.section, a.source, a.standfirst, a.photos
        );
        for b in &a.blocks {
            println!("  {:?}", b);
        }
    }
    for r in &parsed.removed {
        println!("  removed {}: {} ({:?})", r.line, r.reason, r.text.chars().take(60).collect::<String>());
    }
}
