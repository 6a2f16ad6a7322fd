//! The hand-read tables under `tests/expectations/`: tab-separated, `#` lines are comments.

/// Every row of `path`, as its cells; each row must have `columns` cells.
pub fn rows(path: &str, columns: usize) -> Vec<Vec<String>> {
    let table = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    table
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let cells: Vec<String> = l.split('\t').map(str::to_string).collect();
            assert_eq!(cells.len(), columns, "{path}:{}: {l}", i + 1);
            cells
        })
        .collect()
}
