//! The shape of the code, checked: no import cycle between modules, layers
//! that only point down, and nothing in `src/` that names a year, a source
//! or a group of the bundled data (the data is one input among many).
//!
//! The module graph is read from `src/`: every `crate::a::b` and `super::`
//! path of a file, resolved to the file that defines the module it names.
//! Test code (`#[cfg(test)]` modules, `tests.rs`, `testing.rs`) is left out.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::root;

/// Every source file by module path (`report::model::sections`), without
/// its test modules and comments.
fn modules() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    collect(&root().join("src"), &[], &mut out);
    out
}

fn collect(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            let mut inner = prefix.to_vec();
            inner.push(name);
            collect(&path, &inner, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !["tests", "testing"].contains(&name.as_str())
        {
            let mut module = prefix.to_vec();
            if !["mod", "lib", "main"].contains(&name.as_str()) {
                module.push(name);
            }
            let code = without_tests(&std::fs::read_to_string(&path).unwrap());
            out.insert(module.join("::"), code);
        }
    }
}

/// The code with `#[cfg(test)]` items and comments removed.
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]")
            || line.trim_start().starts_with("#[cfg(all(test")
        {
            // Skip the item: to the end of its braces (or one line for `mod x;`).
            let mut depth = 0i32;
            for next in lines.by_ref() {
                depth += next.matches('{').count() as i32 - next.matches('}').count() as i32;
                if depth <= 0 && (next.contains('}') || next.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        let code = line.split("//").next().unwrap_or("");
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The module a `crate::…` or `super::…` path in `from` refers to: the
/// longest prefix of it that is a module.
fn target(path: &[&str], from: &str, known: &BTreeMap<String, String>) -> Option<String> {
    let mut absolute: Vec<String> = Vec::new();
    let mut rest = path;
    if rest.first() == Some(&"crate") {
        rest = &rest[1..];
    } else {
        absolute = from
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        while rest.first() == Some(&"super") {
            absolute.pop();
            rest = &rest[1..];
        }
    }
    absolute.extend(rest.iter().map(|s| s.to_string()));
    (1..=absolute.len())
        .rev()
        .map(|n| absolute[..n].join("::"))
        .find(|m| known.contains_key(m))
}

/// Edges module → module from the paths in each file.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let known = modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &known {
        let words = code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'));
        for word in words.filter(|w| w.starts_with("crate::") || w.starts_with("super::")) {
            let path: Vec<&str> = word.split("::").filter(|s| !s.is_empty()).collect();
            if let Some(to) = target(&path, module, &known) {
                // A module may use what its ancestors hold (the folder's own types).
                let ancestor = module.starts_with(&format!("{to}::")) || to.is_empty();
                if to != *module && !ancestor {
                    edges.entry(module.clone()).or_default().insert(to);
                }
            }
        }
    }
    edges
}

/// A cycle of the graph, if it has one (depth-first search).
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            return Some(stack[at..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, edges, stack, done) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let edges = graph();
    assert!(edges.len() > 30, "the graph is read: {edges:?}");
    if let Some(found) = cycle(&edges) {
        panic!("import cycle: {}", found.join(" → "));
    }
}

/// The layers, lowest first: a module may use its own layer and those
/// below, never one above.
const LAYERS: [&[&str]; 6] = [
    &[
        "allocator",
        "timing",
        "date",
        "estimate",
        "problem",
        "output",
        "settings",
    ],
    &["load", "validate"],
    &["compute"],
    &["report", "revision"],
    &[
        "import", "diff", "synth", "explain", "init", "corpus", "cite", "watch",
    ],
    &["cli", ""],
];

fn layer(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or("");
    LAYERS
        .iter()
        .position(|l| l.contains(&top))
        .unwrap_or_else(|| panic!("module {module} is in no layer: add it to LAYERS"))
}

#[test]
fn layers_only_point_down() {
    let mut upward = Vec::new();
    for (from, tos) in graph() {
        for to in tos.iter().filter(|to| layer(to) > layer(&from)) {
            upward.push(format!("{from} → {to}"));
        }
    }
    assert!(
        upward.is_empty(),
        "modules using a layer above their own:\n{}",
        upward.join("\n")
    );
}

/// Group ids that are also English words ("is", "all"): a string holding
/// them is prose, not a reference to the group.
const WORDS: [&str; 3] = ["is", "all", "unknown"];

/// The years (of every date), source ids and group ids of the bundled data.
fn bundled_names() -> BTreeSet<String> {
    let data = root().join("data");
    let mut names = BTreeSet::new();
    let column = |file: &str, name: &str| -> Vec<String> {
        let mut reader = csv::Reader::from_path(data.join(file)).unwrap();
        let at = reader
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == name)
            .unwrap();
        reader
            .records()
            .map(|r| r.unwrap()[at].to_string())
            .collect()
    };
    names.extend(column("sources.csv", "id"));
    names.extend(
        column("groups.csv", "id")
            .into_iter()
            .filter(|g| !WORDS.contains(&g.as_str())),
    );
    let dates = [
        ("sources.csv", "published"),
        ("counts.csv", "period_start"),
        ("counts.csv", "period_end"),
        ("incidents.csv", "date"),
        ("strength.csv", "as_of"),
    ];
    for (file, name) in dates {
        names.extend(column(file, name).into_iter().map(|d| d[..4].to_string()));
    }
    names
}

/// The code with unicode escapes (`\u{2018}`) taken out: their digits are
/// no number.
fn without_escapes(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        rest = rest[at..].split_once('}').map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

#[test]
fn no_code_names_a_year_a_source_or_a_group_of_the_bundled_data() {
    let names = bundled_names();
    assert!(
        names.contains("2017")
            && names.contains("isk")
            && names.contains("is-footprints-2018-pips")
    );
    let mut found = Vec::new();
    for (module, code) in modules() {
        let code = without_escapes(&code);
        // Quoted strings and bare numbers are where a constant would be.
        for literal in code.split('"').skip(1).step_by(2) {
            let words = literal.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'));
            for word in words.filter(|w| names.contains(*w)) {
                found.push(format!("{module}: \"{literal}\" names {word}"));
            }
        }
        let numbers = code
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| names.contains(*w));
        found.extend(numbers.map(|n| format!("{module}: the number {n}")));
    }
    assert!(
        found.is_empty(),
        "code that names the bundled data:\n{}",
        found.join("\n")
    );
}
