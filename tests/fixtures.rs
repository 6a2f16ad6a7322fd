//! Snapshot tests over `fixtures/*.txt`: small cuts of the edition, each named after the hard
//! case it shows. The snapshot is a compact rendering of the extracted edition that a reviewer
//! can read line by line (`cargo insta review`); every fixture must also satisfy the coverage
//! invariant and validate against the schema.

mod common;

use std::fmt::Write;

use torikumi::record::{Edition, Report};

fn render(edition: &Edition) -> String {
    let mut out = String::new();
    let info = &edition.edition;
    writeln!(out, "edition: {:?} {:?} fiscal_year={:?}", info.title, info.label, info.fiscal_year).unwrap();
    for category in &info.categories {
        writeln!(out, "category: {:?} {} pages {:?}", category.kind, category.label, category.pages).unwrap();
    }
    for entry in &edition.unassigned {
        writeln!(out, "unassigned {:?}: {:?}", entry.lines, entry.text).unwrap();
    }
    for diagnostic in &edition.diagnostics {
        writeln!(out, "diagnostic: {} {:?}", diagnostic.code, diagnostic.lines).unwrap();
    }
    for report in &edition.reports {
        render_report(&mut out, report);
    }
    out
}

fn render_report(out: &mut String, r: &Report) {
    writeln!(out, "\n=== {} {:?} category={:?}", r.id, r.lines, r.category).unwrap();
    writeln!(out, "title: {:?}", r.fields.title).unwrap();
    let m = &r.fields.municipality;
    writeln!(out, "municipality: raw={:?} -> {:?} {:?} {:?}", m.raw, m.prefecture, m.name, m.code).unwrap();
    writeln!(out, "dispatchees: {:?} team={} name_raw={:?}", r.fields.dispatchees, r.fields.team, r.fields.name_raw).unwrap();
    let o = &r.fields.dispatched_from;
    writeln!(out, "dispatched_from: raw={:?} -> {:?} {:?} unit={:?}", o.raw, o.name, o.kind, o.unit).unwrap();
    writeln!(out, "position: {:?} period: {:?}", r.fields.position, r.fields.period).unwrap();
    writeln!(out, "field_lines: {:?}", r.fields.field_lines).unwrap();
    for section in &r.sections {
        writeln!(out, "## {:?} {:?} {:?}", section.kind, section.heading, section.lines).unwrap();
        for block in &section.blocks {
            let level = block.level.map(|l| format!(" {l}")).unwrap_or_default();
            match &block.rows {
                Some(rows) => writeln!(out, "  {:?}{level} {:?} {:?}", block.kind, block.lines, rows).unwrap(),
                None => writeln!(out, "  {:?}{level} {:?} {:?}", block.kind, block.lines, block.text).unwrap(),
            }
        }
    }
    for repair in &r.repairs {
        writeln!(out, "repair: line {} {} -> {} ({})", repair.line, repair.from, repair.to, repair.rule).unwrap();
    }
    for d in &r.diagnostics {
        writeln!(out, "diagnostic: {:?} {} {:?}: {}", d.severity, d.code, d.lines, d.message).unwrap();
    }
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*.txt", |path| {
        let raw = std::fs::read_to_string(path).unwrap();
        let name = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
        let edition = torikumi::extract(&name, raw.as_bytes()).unwrap();
        let violations = common::coverage_violations(&raw, &edition);
        assert!(violations.is_empty(), "{name}: {}", violations.join("\n"));
        let errors = common::schema_errors(&edition);
        assert!(errors.is_empty(), "{name}: {}", errors.join("\n"));
        insta::assert_snapshot!(render(&edition));
    });
}
