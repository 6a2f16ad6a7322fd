//! Checks shared by the integration tests: the invariants of records.md.

use std::collections::HashMap;

use torikumi::record::Edition;

/// Invariant 1 (coverage): every non-blank input line lies in exactly one report or one
/// unassigned entry; inside a report, in its field lines, as a section's heading line, or in
/// exactly one block.
/// Returns one message per violation.
pub fn coverage_violations(raw: &str, edition: &Edition) -> Vec<String> {
    let source = torikumi::extract::read::read_source("t", raw.as_bytes()).unwrap();
    let lines = &source.lines;
    let mut violations = Vec::new();
    let mut owner: HashMap<usize, usize> = HashMap::new();
    let mut count = |n: usize, what: &str, violations: &mut Vec<String>| {
        let seen = owner.entry(n).or_insert(0);
        *seen += 1;
        if *seen > 1 {
            violations.push(format!("line {n} counted twice ({what})"));
        }
    };
    for entry in &edition.unassigned {
        for n in entry.lines[0]..=entry.lines[1] {
            if !is_blank(&lines[n - 1]) {
                count(n, "unassigned", &mut violations);
            }
        }
    }
    for report in &edition.reports {
        let mut in_report: HashMap<usize, usize> = HashMap::new();
        for &n in &report.fields.field_lines {
            *in_report.entry(n).or_insert(0) += 1;
        }
        for section in &report.sections {
            // A heading line is held by its section's `heading`.
            if section.heading.is_some() {
                *in_report.entry(section.lines[0]).or_insert(0) += 1;
            }
            for block in &section.blocks {
                for n in block.lines[0]..=block.lines[1] {
                    if !is_blank(&lines[n - 1]) && !report.fields.field_lines.contains(&n) {
                        *in_report.entry(n).or_insert(0) += 1;
                    }
                }
            }
        }
        for n in report.lines[0]..=report.lines[1] {
            if is_blank(&lines[n - 1]) {
                continue;
            }
            count(n, &report.id, &mut violations);
            match in_report.get(&n) {
                Some(1) => {}
                Some(k) => violations.push(format!("{}: line {n} in {k} blocks/fields", report.id)),
                None => violations.push(format!("{}: line {n} in no block or field: {:?}", report.id, lines[n - 1])),
            }
        }
    }
    for (i, line) in lines.iter().enumerate() {
        if !is_blank(line) && !owner.contains_key(&(i + 1)) {
            violations.push(format!("line {} belongs to no report or unassigned entry: {line:?}", i + 1));
        }
    }
    violations
}

fn is_blank(line: &str) -> bool {
    line.chars().all(char::is_whitespace)
}

/// Invariant 3 (validity): the edition's JSON validates against the published schema.
pub fn schema_errors(edition: &Edition) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(&torikumi::record::schema_json()).unwrap();
    let instance = serde_json::to_value(edition).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}
