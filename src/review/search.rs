//! Review: which reports mention a word, for a person at a terminal who does not write SQL.
//!
//! The search runs on a database written by [`sqlite`](super::sqlite) (or built in memory from
//! edition files): a word of three or more characters through the trigram full-text index, a
//! shorter one by scanning the indexed text with `LIKE`. Both find the word anywhere in a report
//! title or a block (debris excepted), ignoring ASCII case.

use rusqlite::{Connection, params};

/// One title or block that holds the word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub report_id: String,
    /// `北海道沼田町`; the raw value when the municipality is not resolved; empty without either.
    pub municipality: String,
    /// The section kind (`initiatives`), or `title` for the report's title.
    pub place: String,
    pub text: String,
}

/// Every hit of one word, ordered by edition (fiscal year, then stem), report and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hits {
    pub query: String,
    pub hits: Vec<Hit>,
}

/// How matches are marked in text: ANSI colour for a terminal, `**…**` elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Color,
    Plain,
}

impl Mark {
    fn around(self) -> (&'static str, &'static str) {
        match self {
            Mark::Color => ("\x1b[1;31m", "\x1b[0m"),
            Mark::Plain => ("**", "**"),
        }
    }
}

/// The trigram index finds words of this many characters or more.
const TRIGRAM: usize = 3;

/// Characters of text shown on each side of a match.
const CONTEXT: usize = 30;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("empty query: give a word to search for")]
    EmptyQuery,
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
}

const SELECT: &str = "
SELECT r.id,
       coalesce(r.prefecture || r.municipality, r.municipality_raw, ''),
       coalesce(s.kind, 'title'),
       fulltext.text
FROM fulltext
JOIN reports r ON r.id = fulltext.report_id
JOIN editions e ON e.edition = r.edition
LEFT JOIN blocks b ON b.id = fulltext.block_id
LEFT JOIN sections s ON s.id = b.section_id";

const ORDER: &str = "ORDER BY e.fiscal_year, e.edition, r.ordinal, b.id";

/// Every report title and block in `conn` that holds `query` (taken literally, not as FTS syntax).
pub fn search(conn: &Connection, query: &str) -> Result<Hits, SearchError> {
    if query.trim().is_empty() {
        return Err(SearchError::EmptyQuery);
    }
    let (sql, pattern) = if query.chars().count() >= TRIGRAM {
        // A quoted FTS5 string is matched as a phrase, its quotes doubled: no query syntax applies.
        (format!("{SELECT} WHERE fulltext MATCH ?1 {ORDER}"), format!("\"{}\"", query.replace('"', "\"\"")))
    } else {
        let escaped = query.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        (format!("{SELECT} WHERE fulltext.text LIKE ?1 ESCAPE '\\' {ORDER}"), format!("%{escaped}%"))
    };
    let mut statement = conn.prepare(&sql)?;
    let hits = statement
        .query_map(params![pattern], |row| {
            Ok(Hit { report_id: row.get(0)?, municipality: row.get(1)?, place: row.get(2)?, text: row.get(3)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Hits { query: query.to_string(), hits })
}

impl Hits {
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }

    /// How many reports hold the word.
    pub fn reports(&self) -> usize {
        let mut count = 0;
        let mut last = None;
        for hit in &self.hits {
            if last != Some(&hit.report_id) {
                count += 1;
                last = Some(&hit.report_id);
            }
        }
        count
    }

    /// One heading line per report (id and municipality), one line per hit under it (where it
    /// is and the text around each match, marked), and a count at the end.
    pub fn to_text(&self, mark: Mark) -> String {
        let mut out = String::new();
        let mut last = None;
        for hit in &self.hits {
            if last != Some(&hit.report_id) {
                if last.is_some() {
                    out.push('\n');
                }
                out.push_str(&format!("{} {}\n", hit.report_id, hit.municipality));
                last = Some(&hit.report_id);
            }
            out.push_str(&format!("  {}: {}\n", hit.place, snippet(&hit.text, &self.query, mark)));
        }
        if !self.hits.is_empty() {
            out.push('\n');
        }
        let (hits, reports) = (self.hits.len(), self.reports());
        let matches = if hits == 1 { "match" } else { "matches" };
        let in_reports = if reports == 1 { "report" } else { "reports" };
        out.push_str(&format!("{hits} {matches} in {reports} {in_reports}\n"));
        out
    }
}

/// `text` on one line with every match of `query` marked and at most [`CONTEXT`] characters kept
/// on each side of a match; `…` stands for what is cut. Matching ignores ASCII case, as the
/// search does; table cells (tab) and rows (newline) show as ` | ` and ` / `.
pub fn snippet(text: &str, query: &str, mark: Mark) -> String {
    let chars: Vec<char> = text.chars().collect();
    let needle: Vec<char> = query.chars().map(|c| c.to_ascii_lowercase()).collect();
    let matches = find_all(&chars, &needle);
    // The stretches shown: the context around each match, merged where they meet. Without a
    // match here (the index folds case beyond ASCII), the text's start.
    let mut shown: Vec<(usize, usize)> = Vec::new();
    for &start in &matches {
        let (from, to) = (start.saturating_sub(CONTEXT), (start + needle.len() + CONTEXT).min(chars.len()));
        match shown.last_mut() {
            Some(last) if from <= last.1 => last.1 = to,
            _ => shown.push((from, to)),
        }
    }
    if matches.is_empty() {
        shown.push((0, chars.len().min(2 * CONTEXT)));
    }
    let (open, close) = mark.around();
    let mut out = String::new();
    let mut matches = matches.into_iter().peekable();
    let mut written = 0;
    for (from, to) in shown {
        if from > written {
            out.push('…');
        }
        let mut at = from;
        while let Some(start) = matches.next_if(|&start| start < to) {
            push_flat(&mut out, &chars[at..start]);
            out.push_str(open);
            push_flat(&mut out, &chars[start..start + needle.len()]);
            out.push_str(close);
            at = start + needle.len();
        }
        push_flat(&mut out, &chars[at..to]);
        written = to;
    }
    if written < chars.len() {
        out.push('…');
    }
    out
}

/// Start positions of the non-overlapping matches of `needle` in `chars`, ignoring ASCII case.
fn find_all(chars: &[char], needle: &[char]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut i = 0;
    while !needle.is_empty() && i + needle.len() <= chars.len() {
        if chars[i..i + needle.len()].iter().zip(needle).all(|(c, n)| c.to_ascii_lowercase() == *n) {
            found.push(i);
            i += needle.len();
        } else {
            i += 1;
        }
    }
    found
}

fn push_flat(out: &mut String, chars: &[char]) {
    for &c in chars {
        match c {
            '\t' => out.push_str(" | "),
            '\n' | '\r' => out.push_str(" / "),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_shown_whole_with_the_match_marked() {
        assert_eq!(snippet("関係人口の創出", "関係人口", Mark::Plain), "**関係人口**の創出");
    }

    #[test]
    fn every_match_is_marked_ignoring_ascii_case() {
        assert_eq!(snippet("DXとdxの推進", "dx", Mark::Plain), "**DX**と**dx**の推進");
    }

    #[test]
    fn long_text_is_cut_to_the_context_around_each_match() {
        let text = format!("{}関係人口{}関係人口{}", "あ".repeat(40), "い".repeat(70), "う".repeat(40));
        let expected =
            format!("…{}**関係人口**{}…{}**関係人口**{}…", "あ".repeat(30), "い".repeat(30), "い".repeat(30), "う".repeat(30));
        assert_eq!(snippet(&text, "関係人口", Mark::Plain), expected);
    }

    #[test]
    fn matches_close_together_share_their_context() {
        let text = format!("関係人口{}関係人口", "い".repeat(50));
        assert_eq!(snippet(&text, "関係人口", Mark::Plain), format!("**関係人口**{}**関係人口**", "い".repeat(50)));
    }

    #[test]
    fn table_cells_and_rows_show_on_one_line() {
        assert_eq!(snippet("年度\t人数\n令和4\t関係人口", "関係人口", Mark::Plain), "年度 | 人数 / 令和4 | **関係人口**");
    }
}
