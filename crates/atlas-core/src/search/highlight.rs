//! Highlighting: a name split into plain and matched pieces, for display.

use super::Query;
use crate::fold::FoldedText;
use crate::order::sorted;

/// A piece of a name for display: the text, and whether it matched the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// Splits `name` into plain and matched pieces. The pieces are text: the caller renders them
/// as text nodes, never as HTML.
pub fn highlight(name: &str, query: &Query) -> Vec<Segment> {
    let folded = FoldedText::new(name);
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for word in &query.words {
        for (start, _) in folded.folded.match_indices(word.as_str()) {
            ranges.push(folded.original_range(name, start, start + word.len()));
        }
    }
    let ranges = sorted(ranges);
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut segments = Vec::new();
    let mut at = 0;
    for (a, b) in merged {
        if a > at {
            segments.push(Segment {
                text: name[at..a].to_string(),
                hit: false,
            });
        }
        segments.push(Segment {
            text: name[a..b].to_string(),
            hit: true,
        });
        at = b;
    }
    if at < name.len() || segments.is_empty() {
        segments.push(Segment {
            text: name[at..].to_string(),
            hit: false,
        });
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighting() {
        fn check(name: &str, query: &str, expected: &[(&str, bool)]) {
            let got: Vec<(String, bool)> = highlight(name, &Query::parse(query))
                .into_iter()
                .map(|s| (s.text, s.hit))
                .collect();
            let want: Vec<(String, bool)> =
                expected.iter().map(|(t, h)| (t.to_string(), *h)).collect();
            assert_eq!(got, want, "{name} / {query}");
        }
        check(
            "Clúster Aragonés",
            "aragones",
            &[("Clúster ", false), ("Aragonés", true)],
        );
        check(
            "Clúster Aragonés",
            "clu ster",
            &[("Clúster", true), (" Aragonés", false)],
        );
        check(
            "<b>x</b>",
            "b",
            &[
                ("<", false),
                ("b", true),
                (">x</", false),
                ("b", true),
                (">", false),
            ],
        );
        check("Abc", "", &[("Abc", false)]);
        check("", "a", &[("", false)]);
    }
}
