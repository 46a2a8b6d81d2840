//! Writing a [`Diff`] for people and programs: text (as `git diff --stat`
//! reads), JSON, and Markdown tables for a pull request or a report.

use serde_json::Value;

use super::{Change, Diff, Format, RecordChange};

impl Diff {
    /// A one-line summary: "3 metrics changed, 1 added; 1 record changed, …".
    pub fn summary(&self) -> String {
        if self.identical {
            return format!(
                "No differences: {} and {} give the same records and metrics.",
                self.old, self.new
            );
        }
        let count = |items: &mut dyn Iterator<Item = Change>, noun: &str| {
            let all: Vec<Change> = items.collect();
            let n = |c: Change| all.iter().filter(|x| **x == c).count();
            let parts: Vec<String> = [
                (Change::Changed, "changed"),
                (Change::Added, "added"),
                (Change::Removed, "removed"),
            ]
            .iter()
            .filter(|(c, _)| n(*c) > 0)
            .map(|(c, w)| format!("{} {w}", n(*c)))
            .collect();
            (!parts.is_empty()).then(|| format!("{noun}: {}", parts.join(", ")))
        };
        let mut parts = vec![count(&mut self.metrics.iter().map(|m| m.change), "metrics")];
        parts.push(count(
            &mut self.records.iter().flatten().map(|r| r.change),
            "records",
        ));
        parts.push(count(
            &mut self.sources.iter().flatten().map(|r| r.change),
            "sources",
        ));
        parts.into_iter().flatten().collect::<Vec<_>>().join("; ")
    }

    /// The metric lines of the text format (used in the report too).
    pub fn metric_lines(&self, all: bool) -> Vec<String> {
        self.metrics
            .iter()
            .filter(|m| all || m.change != Change::Unchanged)
            .map(|m| {
                let mark = match m.change {
                    Change::Added => "+",
                    Change::Removed => "-",
                    Change::Changed => "~",
                    Change::Unchanged => " ",
                };
                let delta = match m.change {
                    Change::Added => "  (new)".to_string(),
                    Change::Removed => "  (removed)".to_string(),
                    Change::Changed => format!("  ({})", m.delta),
                    Change::Unchanged => String::new(),
                };
                format!(
                    "{mark} {}  {} → {}{delta}",
                    m.id, m.old_display, m.new_display
                )
            })
            .collect()
    }

    pub fn render(&self, format: Format, all: bool) -> String {
        if self.identical && !all {
            return format!("{}\n", self.summary());
        }
        match format {
            Format::Text => self.text(all),
            Format::Json => {
                serde_json::to_string_pretty(&self.selected(all)).expect("diff serialises") + "\n"
            }
            Format::Markdown => self.markdown(all),
        }
    }

    fn selected(&self, all: bool) -> Value {
        let mut value = serde_json::to_value(self).expect("diff serialises");
        if !all {
            for key in ["metrics", "records", "sources"] {
                if let Some(Value::Array(items)) = value.get_mut(key) {
                    items.retain(|i| i["change"] != "unchanged");
                }
            }
        }
        value
    }

    fn text(&self, all: bool) -> String {
        let mut out = format!("diff {} → {}\n{}\n", self.old, self.new, self.summary());
        out.push_str("\nmetrics:\n");
        self.metric_lines(all)
            .iter()
            .for_each(|l| out.push_str(&format!("  {l}\n")));
        for (title, items) in [("records", &self.records), ("sources", &self.sources)] {
            match items {
                None => out.push_str(&format!(
                    "\n{title}: not compared (a side is a metrics.json)\n"
                )),
                Some(items) => {
                    out.push_str(&format!("\n{title}:\n"));
                    items
                        .iter()
                        .filter(|r| all || r.change != Change::Unchanged)
                        .for_each(|r| out.push_str(&record_text(r)));
                }
            }
        }
        out
    }

    fn markdown(&self, all: bool) -> String {
        let mut out = format!("## Changes: `{}` → `{}`\n\n{}\n\n| | metric | old | new | change |\n|---|---|---|---|---|\n", self.old, self.new, self.summary());
        for m in self
            .metrics
            .iter()
            .filter(|m| all || m.change != Change::Unchanged)
        {
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | {} |\n",
                change_word(m.change),
                m.id,
                m.old_display,
                m.new_display,
                m.delta
            ));
        }
        for (title, items) in [("Records", &self.records), ("Sources", &self.sources)] {
            let Some(items) = items else { continue };
            out.push_str(&format!(
                "\n| | {} | field | old | new | moved |\n|---|---|---|---|---|---|\n",
                title.to_lowercase().trim_end_matches('s')
            ));
            for r in items
                .iter()
                .filter(|r| all || r.change != Change::Unchanged)
            {
                let moved = r
                    .moved
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                if r.fields.is_empty() {
                    out.push_str(&format!(
                        "| {} | `{}` | | | | {moved} |\n",
                        change_word(r.change),
                        r.record
                    ));
                }
                for (i, f) in r.fields.iter().enumerate() {
                    let moved = if i == 0 { moved.as_str() } else { "" };
                    out.push_str(&format!(
                        "| {} | `{}` | {} | {} | {} | {moved} |\n",
                        change_word(r.change),
                        r.record,
                        f.field,
                        cell(&f.old),
                        cell(&f.new)
                    ));
                }
            }
        }
        out
    }
}

fn change_word(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
        Change::Unchanged => "",
    }
}

/// A markdown table cell: pipes escaped, long text shortened.
fn cell(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    let short = if text.chars().count() > 80 {
        format!("{short}…")
    } else {
        short
    };
    short.replace('|', "\\|").replace('\n', " ")
}

fn record_text(r: &RecordChange) -> String {
    let mark = match r.change {
        Change::Added => "+",
        Change::Removed => "-",
        Change::Changed => "~",
        Change::Unchanged => " ",
    };
    let mut out = format!("  {mark} {}\n", r.record);
    for f in &r.fields {
        out.push_str(&format!(
            "      {}: {} → {}\n",
            f.field,
            show(&f.old),
            show(&f.new)
        ));
    }
    if !r.moved.is_empty() {
        out.push_str(&format!("      moved: {}\n", r.moved.join(", ")));
    }
    out
}

fn show(value: &str) -> String {
    if value.is_empty() {
        "—".to_string()
    } else {
        crate::validate::echo(value)
    }
}
