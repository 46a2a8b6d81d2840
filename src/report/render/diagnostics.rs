//! Template errors written as `file:line:column: error: message`, followed by
//! the offending line with the span underlined, and any hints.

use std::fmt::Write;

use typst::diag::{Severity, SourceDiagnostic};
use typst::{World, WorldExt};

use super::world::ReportWorld;

/// Formats every diagnostic for a terminal (no colour, stable text).
pub fn format(world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let level = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "{}{level}: {}",
            location(world, diagnostic).unwrap_or_default(),
            diagnostic.message
        );
        if let Some(excerpt) = excerpt(world, diagnostic) {
            out.push_str(&excerpt);
        }
        for hint in &diagnostic.hints {
            let _ = writeln!(out, "  hint: {}", hint.v);
        }
    }
    out
}

/// `file:line:column: ` of the diagnostic's span, if it points into a file.
fn location(world: &ReportWorld, d: &SourceDiagnostic) -> Option<String> {
    let id = d.span.id()?;
    let range = world.range(d.span)?;
    let source = world.source(id).ok()?;
    let (line, column) = source.lines().byte_to_line_column(range.start)?;
    Some(format!(
        "{}:{}:{}: ",
        world.display_name(id),
        line + 1,
        column + 1
    ))
}

/// The offending line, with carets under the span.
fn excerpt(world: &ReportWorld, d: &SourceDiagnostic) -> Option<String> {
    let id = d.span.id()?;
    let range = world.range(d.span)?;
    let source = world.source(id).ok()?;
    let lines = source.lines();
    let (line, column) = lines.byte_to_line_column(range.start)?;
    let text = &source.text()[lines.line_to_range(line)?];
    let text = text.trim_end();
    let width = source.text()[range.clone()]
        .lines()
        .next()
        .map_or(1, |s| s.chars().count().max(1));
    let gutter = (line + 1).to_string();
    let pad = " ".repeat(gutter.len());
    Some(format!(
        "{pad} |\n{gutter} | {text}\n{pad} | {}{}\n",
        " ".repeat(column),
        "^".repeat(width)
    ))
}
