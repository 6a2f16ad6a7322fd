//! Review: several editions as one SQLite database, for analysts who ask questions across
//! reports and years in SQL (Python, R, DuckDB, the `sqlite3` shell).
//!
//! The database is built from edition files only ([`Edition`]), never from extraction internals.
//! Editions are keyed by their source stem (`r4`), which every report id starts with, so a report
//! id is unique across the whole database and is the key readers join on. The tables and columns
//! are documented in the README ("The database"); [`SCHEMA`] is their definition.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, Transaction, params};

use crate::record::{Diagnostic, Edition, Report};
use crate::review::{KeyError, check_keys, edition_stem};
use crate::review::export::json_name;

/// `PRAGMA user_version` of the databases this module writes; raised when a table or column
/// changes meaning, so that a reader (and `search --db`) can tell which layout a file has.
pub const DATABASE_VERSION: i32 = 1;

/// The tables, with their keys. Indexes come after the rows are in ([`INDEXES`]): building them
/// once is faster than updating them on every insert.
pub const SCHEMA: &str = "
CREATE TABLE editions (
    edition        TEXT PRIMARY KEY,  -- source stem: raw/r4.txt -> r4
    source         TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    encoding       TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    title          TEXT,
    label          TEXT,
    fiscal_year    INTEGER
);
CREATE TABLE categories (
    edition    TEXT NOT NULL REFERENCES editions (edition),
    ordinal    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    label      TEXT NOT NULL,
    first_page INTEGER NOT NULL,
    last_page  INTEGER NOT NULL,
    PRIMARY KEY (edition, ordinal)
);
CREATE TABLE reports (
    id                TEXT PRIMARY KEY,
    edition           TEXT NOT NULL REFERENCES editions (edition),
    ordinal           INTEGER NOT NULL,
    category          TEXT,
    first_line        INTEGER NOT NULL,
    last_line         INTEGER NOT NULL,
    title             TEXT,
    municipality_raw  TEXT,
    prefecture        TEXT,
    municipality      TEXT,
    municipality_code TEXT,
    team              INTEGER NOT NULL,
    name_raw          TEXT,
    organization_raw  TEXT,
    organization      TEXT,
    organization_kind TEXT,
    organization_unit TEXT,
    position          TEXT,
    period            TEXT,
    field_lines       TEXT NOT NULL,  -- JSON array of line numbers
    UNIQUE (edition, ordinal)
);
CREATE TABLE dispatchees (
    report_id TEXT NOT NULL REFERENCES reports (id),
    ordinal   INTEGER NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (report_id, ordinal)
);
CREATE TABLE sections (
    id         INTEGER PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id),
    ordinal    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    heading    TEXT,
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL,
    UNIQUE (report_id, ordinal)
);
CREATE TABLE blocks (
    id         INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES sections (id),
    report_id  TEXT NOT NULL REFERENCES reports (id),
    ordinal    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    level      INTEGER,
    text       TEXT NOT NULL,
    rows       TEXT,  -- tables only: JSON array of rows, each an array of cells
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL,
    UNIQUE (section_id, ordinal)
);
CREATE TABLE repairs (
    report_id TEXT NOT NULL REFERENCES reports (id),
    ordinal   INTEGER NOT NULL,
    line      INTEGER NOT NULL,
    from_text TEXT NOT NULL,
    to_text   TEXT NOT NULL,
    rule      TEXT NOT NULL,
    PRIMARY KEY (report_id, ordinal)
);
CREATE TABLE diagnostics (
    id         INTEGER PRIMARY KEY,
    edition    TEXT NOT NULL REFERENCES editions (edition),
    report_id  TEXT REFERENCES reports (id),  -- null for a diagnostic about the whole edition
    severity   TEXT NOT NULL,
    code       TEXT NOT NULL,
    message    TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL
);
CREATE TABLE unassigned (
    edition    TEXT NOT NULL REFERENCES editions (edition),
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (edition, first_line)
);
-- Japanese has no spaces between words: the trigram tokenizer finds any substring of three or
-- more characters. One row per report title (block_id null) and per block that is not debris.
CREATE VIRTUAL TABLE fulltext USING fts5 (
    text,
    report_id UNINDEXED,
    block_id UNINDEXED,
    tokenize = 'trigram'
);
";

/// The indexes for the usual questions: by edition, prefecture, municipality code, organization
/// and kind; and one for each foreign key that a primary key does not already lead with.
pub const INDEXES: &str = "
CREATE INDEX reports_by_prefecture ON reports (prefecture, municipality);
CREATE INDEX reports_by_municipality_code ON reports (municipality_code);
CREATE INDEX reports_by_organization ON reports (organization);
CREATE INDEX reports_by_organization_kind ON reports (organization_kind);
CREATE INDEX reports_by_category ON reports (category);
CREATE INDEX dispatchees_by_name ON dispatchees (name);
CREATE INDEX sections_by_kind ON sections (kind);
CREATE INDEX blocks_by_report ON blocks (report_id);
CREATE INDEX blocks_by_kind ON blocks (kind);
CREATE INDEX diagnostics_by_report ON diagnostics (report_id);
CREATE INDEX diagnostics_by_edition ON diagnostics (edition);
CREATE INDEX diagnostics_by_code ON diagnostics (code);
";

#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error(transparent)]
    Keys(#[from] KeyError),
    #[error("not a torikumi database (user_version {0}, expected {DATABASE_VERSION}): write it with `export --format sqlite`")]
    NotOurs(i32),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Json(#[from] serde_json::Error),
}

/// Writes `editions` to the database file `path` (errors do not name it; the caller does), atomically: into a temporary file beside it,
/// then renamed over it. Writing again replaces the file; a failed write leaves it untouched.
pub fn write(editions: &[Edition], path: &Path) -> Result<(), DatabaseError> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".torikumi-").suffix(".db.tmp");
    // A temporary file is private (0600); the database is an ordinary file, as the umask says.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let temp = builder.tempfile_in(dir)?;
    let mut conn = Connection::open(temp.path())?;
    // No journal and no syncs while writing: a failure discards the temporary file anyway.
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    load(&mut conn, editions)?;
    conn.close().map_err(|(_, e)| e)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A database in memory holding `editions`, for one-off queries (`search` on edition files).
pub fn in_memory(editions: &[Edition]) -> Result<Connection, DatabaseError> {
    let mut conn = Connection::open_in_memory()?;
    load(&mut conn, editions)?;
    Ok(conn)
}

/// Opens a database written by [`write`], read-only; refuses a file of another layout.
pub fn open(path: &Path) -> Result<Connection, DatabaseError> {
    // SQLite would say only "unable to open database file".
    if !path.is_file() {
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no such file").into());
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let found: i32 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap_or(0);
    if found != DATABASE_VERSION {
        return Err(DatabaseError::NotOurs(found));
    }
    Ok(conn)
}

/// Creates the tables in an empty database and fills them from `editions`, in one transaction.
pub fn load(conn: &mut Connection, editions: &[Edition]) -> Result<(), DatabaseError> {
    check_keys(editions)?;
    let tx = conn.transaction()?;
    tx.execute_batch("PRAGMA foreign_keys = ON;")?;
    tx.execute_batch(SCHEMA)?;
    for edition in editions {
        insert_edition(&tx, edition)?;
    }
    tx.execute_batch(INDEXES)?;
    // Merges the index's segments: a smaller file and faster queries.
    tx.execute_batch("INSERT INTO fulltext (fulltext) VALUES ('optimize');")?;
    tx.pragma_update(None, "user_version", DATABASE_VERSION)?;
    tx.commit()?;
    Ok(())
}

fn insert_edition(tx: &Transaction, edition: &Edition) -> Result<(), DatabaseError> {
    let stem = edition_stem(edition);
    let info = &edition.edition;
    tx.prepare_cached("INSERT INTO editions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?.execute(params![
        stem,
        info.source,
        info.sha256,
        info.encoding,
        edition.schema_version,
        info.title,
        info.label,
        info.fiscal_year,
    ])?;
    let mut category = tx.prepare_cached("INSERT INTO categories VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for (i, c) in info.categories.iter().enumerate() {
        category.execute(params![stem, i + 1, json_name(c.kind), c.label, c.pages[0], c.pages[1]])?;
    }
    for report in &edition.reports {
        insert_report(tx, &stem, report)?;
    }
    for diagnostic in &edition.diagnostics {
        insert_diagnostic(tx, &stem, None, diagnostic)?;
    }
    let mut unassigned = tx.prepare_cached("INSERT INTO unassigned VALUES (?1, ?2, ?3, ?4)")?;
    for u in &edition.unassigned {
        unassigned.execute(params![stem, u.lines[0], u.lines[1], u.text])?;
    }
    Ok(())
}

fn insert_report(tx: &Transaction, stem: &str, r: &Report) -> Result<(), DatabaseError> {
    let (m, from) = (&r.fields.municipality, &r.fields.dispatched_from);
    tx.prepare_cached(
        "INSERT INTO reports VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    )?
    .execute(params![
        r.id,
        stem,
        r.ordinal,
        r.category.map(json_name),
        r.lines[0],
        r.lines[1],
        r.fields.title,
        m.raw,
        m.prefecture,
        m.name,
        m.code,
        r.fields.team,
        r.fields.name_raw,
        from.raw,
        from.name,
        from.kind.map(json_name),
        from.unit,
        r.fields.position,
        r.fields.period,
        serde_json::to_string(&r.fields.field_lines)?,
    ])?;
    if let Some(title) = &r.fields.title {
        tx.prepare_cached("INSERT INTO fulltext (text, report_id, block_id) VALUES (?1, ?2, NULL)")?.execute(params![title, r.id])?;
    }
    let mut dispatchee = tx.prepare_cached("INSERT INTO dispatchees VALUES (?1, ?2, ?3)")?;
    for (i, name) in r.fields.dispatchees.iter().enumerate() {
        dispatchee.execute(params![r.id, i + 1, name])?;
    }
    let mut section_row = tx.prepare_cached("INSERT INTO sections (report_id, ordinal, kind, heading, first_line, last_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    let mut block_row = tx.prepare_cached(
        "INSERT INTO blocks (section_id, report_id, ordinal, kind, level, text, rows, first_line, last_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut indexed = tx.prepare_cached("INSERT INTO fulltext (text, report_id, block_id) VALUES (?1, ?2, ?3)")?;
    for (i, section) in r.sections.iter().enumerate() {
        section_row.execute(params![r.id, i + 1, json_name(section.kind), section.heading, section.lines[0], section.lines[1]])?;
        let section_id = tx.last_insert_rowid();
        for (j, block) in section.blocks.iter().enumerate() {
            let rows = block.rows.as_ref().map(serde_json::to_string).transpose()?;
            block_row.execute(params![
                section_id,
                r.id,
                j + 1,
                json_name(block.kind),
                block.level,
                block.text,
                rows,
                block.lines[0],
                block.lines[1],
            ])?;
            // Debris (stray tags, rules, page numbers) carries no document text to search.
            if block.kind != crate::record::BlockKind::Debris {
                indexed.execute(params![block.text, r.id, tx.last_insert_rowid()])?;
            }
        }
    }
    let mut repair = tx.prepare_cached("INSERT INTO repairs VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for (i, x) in r.repairs.iter().enumerate() {
        repair.execute(params![r.id, i + 1, x.line, x.from, x.to, x.rule])?;
    }
    for diagnostic in &r.diagnostics {
        insert_diagnostic(tx, stem, Some(&r.id), diagnostic)?;
    }
    Ok(())
}

fn insert_diagnostic(tx: &Transaction, stem: &str, report: Option<&str>, d: &Diagnostic) -> Result<(), DatabaseError> {
    tx.prepare_cached(
        "INSERT INTO diagnostics (edition, report_id, severity, code, message, first_line, last_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![stem, report, json_name(d.severity), d.code.as_str(), d.message, d.lines[0], d.lines[1]])?;
    Ok(())
}
