# Sourced by the bench scripts: builds the release binary and gen_corpus, and sets `corpus` to
# the generated corpus of ARTICLES articles (seed 1) under target/, made once and reused.
cargo build --release --quiet --bin newsreader --example gen_corpus
corpus="$PWD/target/corpus-$ARTICLES"
[ -f "$corpus.done" ] || { rm -rf "$corpus"; target/release/examples/gen_corpus --articles "$ARTICLES" --seed 1 --out "$corpus"; touch "$corpus.done"; }
mkdir -p target/bench
