//! The reader's query language, read so that no word is ever lost.
//!
//! A query is a list of items split by spaces: a word, a `"quoted phrase"`, either one after
//! `-` or `NOT` (left out), and the operators `OR` (either side may match) and `AND` (changes
//! nothing), in capitals. The syntax of other query languages (`( ) [ ] { } < > : * ^ ~ \ +`)
//! splits words as a space does. What is not well formed is read as the words it holds, and
//! those words must match too:
//!
//! - a `"` with no closing `"` is a space;
//! - `OR` is an operator only between two words or phrases that are not left out, `AND` only
//!   between two words or phrases, `NOT` only before one; anywhere else (`bytedance OR`,
//!   `a OR OR b`) it is left out, as a reader who typed it half-way expects, unless the query
//!   holds nothing else (`OR` alone is the word);
//! - a lone `-` holds no word and is nothing.
//!
//! [`parse`] gives the items' text only; the analyzer then cuts each into words (`words`), and
//! an item of several words (`3.5`, `covid-19`, a CJK word) matches as a phrase.

/// A parsed query: every group of `required` must match (one of its items), no item of
/// `excluded` may.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Parsed<'a> {
    /// Groups of alternatives: one item for a word or phrase, several joined by `OR`.
    pub(super) required: Vec<Vec<&'a str>>,
    /// Items after `-` or `NOT`.
    pub(super) excluded: Vec<&'a str>,
}

/// Characters that split words as spaces do: the syntax of other query languages (fields,
/// groups, ranges, wildcards, boosts, fuzziness, escapes, `+`), which newsreader does not offer.
const SEPARATORS: &str = "()[]{}<>:*^~\\+";

/// One item as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item<'a> {
    /// A word or phrase (without its quotes), left out when `excluded` (a leading `-`).
    Text { text: &'a str, excluded: bool },
    /// `OR`, `AND` or `NOT` in capitals.
    Operator(&'a str),
}

/// Reads `query` (see the module docs). Never fails: what is not well formed becomes words.
pub(super) fn parse(query: &str) -> Parsed<'_> {
    let items = items(query);
    let is_text =
        |at: Option<usize>| at.and_then(|at| items.get(at)).is_some_and(|item| matches!(item, Item::Text { .. }));
    // An item is left out by its `-` or by a `NOT` operator just before it.
    let excluded = |at: usize| match items.get(at) {
        Some(Item::Text { excluded, .. }) => {
            *excluded || matches!(at.checked_sub(1).and_then(|before| items.get(before)), Some(Item::Operator("NOT")))
        }
        _ => false,
    };
    let included = |at: Option<usize>| at.is_some_and(|at| is_text(Some(at)) && !excluded(at));
    let only_operators = items.iter().all(|item| matches!(item, Item::Operator(_)));
    let mut parsed = Parsed::default();
    // Whether the last item was an `OR` operator, so the next joins the last group.
    let mut joined = false;
    for (at, item) in items.iter().enumerate() {
        let (before, after) = (at.checked_sub(1), Some(at + 1));
        match *item {
            Item::Operator("OR") if included(before) && included(after) => joined = true,
            Item::Operator("AND") if is_text(before) && is_text(after) => {}
            Item::Operator("NOT") if is_text(after) => {}
            Item::Text { text, .. } if excluded(at) => parsed.excluded.push(text),
            Item::Operator(_) if !only_operators => joined = false,
            Item::Text { text, .. } | Item::Operator(text) => {
                match parsed.required.last_mut() {
                    Some(group) if joined => group.push(text),
                    _ => parsed.required.push(vec![text]),
                }
                joined = false;
            }
        }
    }
    parsed
}

/// The items of `query`, in order.
fn items(query: &str) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    let mut rest = query;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(c));
        let Some(first) = rest.chars().next() else { return items };
        let excluded = first == '-';
        let body = if excluded { &rest[1..] } else { rest };
        if let Some(quoted) = body.strip_prefix('"')
            && let Some(end) = quoted.find('"')
        {
            items.push(Item::Text { text: &quoted[..end], excluded });
            rest = &quoted[end + 1..];
            continue;
        }
        let end = body.find(|c: char| c.is_whitespace() || c == '"' || SEPARATORS.contains(c)).unwrap_or(body.len());
        let (text, after) = body.split_at(end);
        // A `"` with no closing `"` is read as a space.
        rest = after.strip_prefix('"').unwrap_or(after);
        if text.is_empty() {
            continue;
        }
        items.push(match text {
            "OR" | "AND" | "NOT" if !excluded => Item::Operator(text),
            _ => Item::Text { text, excluded },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(query: &str) -> (Vec<Vec<&str>>, Vec<&str>) {
        let parsed = parse(query);
        (parsed.required, parsed.excluded)
    }

    #[test]
    fn well_formed_syntax_keeps_its_meaning() {
        assert_eq!(read("oil prices"), (vec![vec!["oil"], vec!["prices"]], vec![]));
        assert_eq!(read("\"oil prices\" -gold"), (vec![vec!["oil prices"]], vec!["gold"]));
        assert_eq!(read("oil NOT gold -\"tin mine\""), (vec![vec!["oil"]], vec!["gold", "tin mine"]));
        assert_eq!(
            read("oil OR gas OR \"tin mine\" rise"),
            (vec![vec!["oil", "gas", "tin mine"], vec!["rise"]], vec![])
        );
        assert_eq!(read("oil AND gas"), (vec![vec!["oil"], vec!["gas"]], vec![]));
        assert_eq!(read("(oil OR gas) rise"), (vec![vec!["oil", "gas"], vec!["rise"]], vec![]));
        assert_eq!(read("3.5% covid-19"), (vec![vec!["3.5%"], vec!["covid-19"]], vec![]));
    }

    #[test]
    fn what_is_not_well_formed_is_read_as_words() {
        let words = |text: &'static str| text.split(' ').map(|word| vec![word]).collect::<Vec<_>>();
        for (query, required) in [
            ("a)b growth", "a b growth"),
            ("bytedance OR", "bytedance"),
            ("OR bytedance", "bytedance"),
            ("a OR OR b", "a b"),
            ("a AND", "a"),
            ("a NOT", "a"),
            ("NOT", "NOT"),
            ("OR AND", "OR AND"),
            ("a NOT OR b", "a b"),
            ("\"unclosed phrase", "unclosed phrase"),
            ("-\"unclosed phrase", "unclosed phrase"),
            ("a - b", "a b"),
            ("headline:chips^2 oil~ [x TO y]", "headline chips 2 oil x TO y"),
        ] {
            assert_eq!(read(query), (words(required), vec![]), "{query:?}");
        }
        assert_eq!(read("a OR -b"), (vec![vec!["a"]], vec!["b"]));
        assert_eq!(read("-OR a"), (vec![vec!["a"]], vec!["OR"]));
        assert_eq!(read("-"), (vec![], vec![]));
    }
}
