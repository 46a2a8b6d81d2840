//! Filling the analyst's sentences with numbers: the placeholders of the
//! report definition resolved against the metrics.
//!
//! A placeholder names a metric, `{pips.pakistan.2017.attacks.all}`, or a
//! metric with variables, `{pips.pakistan.{period}.attacks.all}`. Each
//! pattern is matched against the metric ids, and the variables take the
//! values under which every placeholder of the sentence resolves at once
//! (a relational join of the patterns' matches). Of those, the `pick` of
//! each variable chooses: the latest (the default, so that a new year of
//! data moves the sentence to it), the earliest, each one (a sentence per
//! value), or the one whose metric is largest or smallest.
//!
//! Formats: `{metric}` is its display ("54–60", "about 1,500");
//! `{metric:best}`, `:low`, `:high` one number; `:trend` a change in words
//! ("fell 16%", "rose 131%"); `:label`, `:period`. A variable prints as its
//! value, `{var:name}` as people name it (a group's or place's name, a
//! period in words, an incident described), `{var:previous}` as the period
//! before it. Every metric a sentence uses, and every source behind them,
//! is kept with the filled text.

use std::collections::{BTreeMap, BTreeSet};

use crate::compute::format;
use crate::compute::ids;
use crate::compute::names::term_name;
use crate::compute::period::Period;
use crate::compute::{Metric, MetricSet};
use crate::load::definition::{parse_pick, parse_template, Part, Pattern, Pick, Piece, Text};
use crate::load::Dataset;

/// The formats a metric placeholder may take.
pub const METRIC_FORMATS: [&str; 7] = ["best", "low", "high", "trend", "abs", "label", "period"];

/// The formats a variable placeholder may take.
pub const VARIABLE_FORMATS: [&str; 2] = ["name", "previous"];

/// Values of the variables: name → value.
pub type Binding = BTreeMap<String, String>;

/// A sentence with its numbers written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    pub text: String,
    /// The metrics it printed, in order of appearance.
    pub metrics: Vec<String>,
    /// Every source those metrics rest on, sorted.
    pub sources: Vec<String>,
    pub binding: Binding,
}

/// Why a sentence could not be filled.
#[derive(Debug, Clone, PartialEq)]
pub enum Unresolved {
    /// A placeholder's pattern matches no metric: where it is in the text,
    /// the pattern, and the nearest existing id written as a pattern.
    NoMetric {
        at: usize,
        pattern: String,
        nearest: Option<String>,
    },
    /// Every pattern matches something, but no values of the variables
    /// resolve them all at once.
    NoCommonValue { variables: Vec<String> },
    /// A variable printed in the text that no metric placeholder binds.
    Unbound { at: usize, name: String },
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::NoMetric {
                pattern, nearest, ..
            } => {
                write!(f, "no metric matches {{{pattern}}}")?;
                match nearest {
                    Some(id) => write!(f, "; did you mean {{{id}}}?"),
                    None => write!(f, " (`sitrep metrics` lists the ids)"),
                }
            }
            Unresolved::NoCommonValue { variables } => write!(
                f,
                "no value of {} resolves every placeholder of this text at once",
                variables
                    .iter()
                    .map(|v| format!("{{{v}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Unresolved::Unbound { name, .. } => write!(
                f,
                "the variable {{{name}}} is in no metric placeholder, so nothing gives it a value"
            ),
        }
    }
}

/// Resolves placeholders against one edition's metrics.
pub struct Resolver<'a> {
    data: &'a Dataset,
    metrics: &'a MetricSet,
}

impl<'a> Resolver<'a> {
    pub fn new(data: &'a Dataset, metrics: &'a MetricSet) -> Resolver<'a> {
        Resolver { data, metrics }
    }

    /// Fills `text` (a definition's text, already checked to parse), with
    /// variables chosen by `picks`: one filled text, or one per value of an
    /// `each` variable. `also` are patterns that must resolve too (a key
    /// number's value).
    pub fn fill(
        &self,
        text: &str,
        picks: &BTreeMap<String, Text>,
        also: &[Pattern],
    ) -> Result<Vec<Filled>, Unresolved> {
        let pieces = parse_template(text).unwrap_or_default();
        let picks = read_picks(picks);
        let mut patterns: Vec<(usize, Pattern)> = metric_patterns(&pieces);
        patterns.extend(also.iter().map(|p| (0, p.clone())));
        let bindings = self.bindings(&patterns, &pieces, &picks)?;
        Ok(self
            .choose(bindings, &picks)
            .into_iter()
            .map(|b| self.render(&pieces, b))
            .collect())
    }

    /// Fills `text` with the variables as `binding` gives them; `None` when
    /// a metric it names does not exist under that binding.
    pub fn fill_bound(&self, text: &str, binding: &Binding) -> Option<String> {
        let pieces = parse_template(text).ok()?;
        let resolves = metric_patterns(&pieces)
            .iter()
            .all(|(_, p)| self.metric(p, binding).is_some());
        resolves.then(|| self.render(&pieces, binding.clone()).text)
    }

    /// Every binding of the variables under which all `patterns` resolve.
    fn bindings(
        &self,
        patterns: &[(usize, Pattern)],
        pieces: &[Piece],
        picks: &BTreeMap<String, Pick>,
    ) -> Result<Vec<Binding>, Unresolved> {
        let mut joined = vec![Binding::new()];
        for (at, pattern) in patterns {
            let matches = self.matches(pattern);
            if matches.is_empty() {
                let nearest = self.nearest(pattern);
                return Err(Unresolved::NoMetric {
                    at: *at,
                    pattern: pattern.to_string(),
                    nearest,
                });
            }
            joined = join(&joined, &matches);
        }
        let bound: BTreeSet<&str> = patterns.iter().flat_map(|(_, p)| p.binds()).collect();
        if let Some((at, name)) = unbound_variable(pieces, &bound) {
            return Err(Unresolved::Unbound { at, name });
        }
        let only_previous = patterns.iter().find_map(|(at, p)| {
            let name = p.variables().find(|v| !bound.contains(v))?;
            Some((*at, name.to_string()))
        });
        if let Some((at, name)) = only_previous {
            return Err(Unresolved::Unbound { at, name });
        }
        joined.retain(|b| self.resolves_all(patterns, b) && self.picks_resolve(picks, b));
        if joined.is_empty() {
            let variables = bound.iter().map(|v| v.to_string()).collect();
            return Err(Unresolved::NoCommonValue { variables });
        }
        Ok(joined)
    }

    /// The bindings of `pattern`'s plain variables for every metric it matches.
    fn matches(&self, pattern: &Pattern) -> Vec<Binding> {
        let prefix = pattern.prefix();
        let start = self
            .metrics
            .metrics
            .partition_point(|m| m.id.as_str() < prefix);
        self.metrics.metrics[start..]
            .iter()
            .take_while(|m| m.id.starts_with(prefix))
            .filter_map(|m| match_id(&pattern.0, &m.id, Binding::new()))
            .collect()
    }

    /// Whether every pattern names an existing metric under `binding`
    /// (patterns with `{var:previous}` are checked here).
    fn resolves_all(&self, patterns: &[(usize, Pattern)], binding: &Binding) -> bool {
        patterns
            .iter()
            .all(|(_, p)| self.metric(p, binding).is_some())
    }

    fn picks_resolve(&self, picks: &BTreeMap<String, Pick>, binding: &Binding) -> bool {
        picks.values().all(|pick| match pick {
            Pick::Largest(p) | Pick::Smallest(p) => self.metric(p, binding).is_some(),
            _ => true,
        })
    }

    /// The metric `pattern` names under `binding`, if it exists.
    pub fn metric(&self, pattern: &Pattern, binding: &Binding) -> Option<&'a Metric> {
        self.metrics.get(&instantiate(pattern, binding)?)
    }

    /// One binding, or one per value of the `each` variables, chosen by
    /// the picks.
    fn choose(&self, mut bindings: Vec<Binding>, picks: &BTreeMap<String, Pick>) -> Vec<Binding> {
        let each: Vec<&String> = picks
            .iter()
            .filter(|(_, p)| **p == Pick::Each)
            .map(|(v, _)| v)
            .collect();
        let group = |b: &Binding| each.iter().map(|v| b.get(*v).cloned()).collect::<Vec<_>>();
        bindings.sort_by(|a, b| {
            group(a)
                .cmp(&group(b))
                .then_with(|| self.preference(a, b, picks))
        });
        bindings.dedup_by(|b, a| group(a) == group(b));
        bindings
    }

    /// Which of two bindings the picks prefer (Less = `a` first): for each
    /// variable in name order, its pick decides; `latest` by default.
    fn preference(
        &self,
        a: &Binding,
        b: &Binding,
        picks: &BTreeMap<String, Pick>,
    ) -> std::cmp::Ordering {
        let best = |p: &Pattern, x: &Binding| self.metric(p, x).map_or(f64::NAN, |m| m.value.best);
        for (name, value_a) in a {
            let value_b = b.get(name);
            let order = match picks.get(name).unwrap_or(&Pick::Latest) {
                Pick::Latest => value_b.map(|v| v.as_str()).cmp(&Some(value_a.as_str())),
                Pick::Earliest | Pick::Each => {
                    Some(value_a.as_str()).cmp(&value_b.map(|v| v.as_str()))
                }
                Pick::Largest(p) => best(p, b).total_cmp(&best(p, a)),
                Pick::Smallest(p) => best(p, a).total_cmp(&best(p, b)),
            };
            if order.is_ne() {
                return order;
            }
        }
        std::cmp::Ordering::Equal
    }

    fn render(&self, pieces: &[Piece], binding: Binding) -> Filled {
        let (mut text, mut metrics, mut sources) = (String::new(), Vec::new(), BTreeSet::new());
        for piece in pieces {
            match piece {
                Piece::Literal(literal) => text.push_str(literal),
                Piece::Variable { name, format, .. } => {
                    let value = binding.get(name).map_or("", String::as_str);
                    text.push_str(&self.variable(value, format.as_deref()));
                }
                Piece::Metric {
                    pattern, format, ..
                } => {
                    let Some(m) = self.metric(pattern, &binding) else {
                        continue;
                    };
                    text.push_str(&metric_text(m, format.as_deref()));
                    metrics.push(m.id.clone());
                    sources.extend(m.sources.iter().cloned());
                }
            }
        }
        Filled {
            text,
            metrics,
            sources: sources.into_iter().collect(),
            binding,
        }
    }

    /// A variable's value as `format` asks.
    fn variable(&self, value: &str, format: Option<&str>) -> String {
        match format {
            Some("name") => self.name_of(value),
            Some("previous") => Period::from_key(value)
                .and_then(|p| p.previous())
                .map_or(value.to_string(), |p| p.words()),
            _ => value.to_string(),
        }
    }

    /// How people name an id: a group or place by its name, an incident
    /// described, a period in words; anything else as it is.
    pub fn name_of(&self, value: &str) -> String {
        let data = self.data;
        if data.groups.contains(value) {
            return term_name(&data.groups, value);
        }
        if data.places.contains(value) {
            return term_name(&data.places, value);
        }
        if let Some(incident) = data.incidents.iter().find(|i| i.id == value) {
            return describe_incident(data, incident);
        }
        if self
            .metrics
            .get(&ids::events(value, "total.count"))
            .is_some()
        {
            return crate::report::model::citation::dataset_name(value);
        }
        Period::from_key(value).map_or(value.to_string(), |p| p.words())
    }

    /// The existing metric id nearest to `pattern`, written as a pattern
    /// (its segments at the pattern's variables replaced by them).
    fn nearest(&self, pattern: &Pattern) -> Option<String> {
        let wanted = pattern.to_string();
        let segments: Vec<&str> = wanted.split('.').collect();
        let templated = |id: &str| {
            let parts: Vec<&str> = id.split('.').collect();
            if parts.len() != segments.len() {
                return id.to_string();
            }
            let merged: Vec<&str> = parts
                .iter()
                .zip(&segments)
                .map(|(p, s)| if s.contains('{') { *s } else { *p })
                .collect();
            merged.join(".")
        };
        let (distance, nearest) = self
            .metrics
            .metrics
            .iter()
            .map(|m| templated(&m.id))
            .map(|t| (strsim::levenshtein(&t, &wanted), t))
            .min()?;
        (distance <= (wanted.len() / 4).max(3)).then_some(nearest)
    }
}

/// The metric patterns of a text, with where each placeholder starts.
fn metric_patterns(pieces: &[Piece]) -> Vec<(usize, Pattern)> {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Metric { pattern, at, .. } => Some((*at, pattern.clone())),
            _ => None,
        })
        .collect()
}

fn read_picks(picks: &BTreeMap<String, Text>) -> BTreeMap<String, Pick> {
    picks
        .iter()
        .filter_map(|(name, text)| Some((name.clone(), parse_pick(text.get_ref(), 0).ok()?)))
        .collect()
}

/// The first variable printed in the text that no pattern binds.
fn unbound_variable(pieces: &[Piece], bound: &BTreeSet<&str>) -> Option<(usize, String)> {
    pieces.iter().find_map(|p| match p {
        Piece::Variable { name, at, .. } if !bound.contains(name.as_str()) => {
            Some((*at, name.clone()))
        }
        _ => None,
    })
}

/// Matches `id` against pattern parts: a plain variable takes one segment
/// (no `.`), the same value wherever it recurs; `*` any text; a
/// `{var:previous}` any segment (checked once the variable is bound).
fn match_id(parts: &[Part], id: &str, binding: Binding) -> Option<Binding> {
    let Some((first, rest)) = parts.split_first() else {
        return id.is_empty().then_some(binding);
    };
    match first {
        Part::Literal(text) => match_id(rest, id.strip_prefix(text.as_str())?, binding),
        Part::Any => (0..=id.len())
            .filter(|i| id.is_char_boundary(*i))
            .find_map(|i| match_id(rest, &id[i..], binding.clone())),
        Part::Variable { name, previous } => {
            let segment_end = id.find('.').unwrap_or(id.len());
            (1..=segment_end)
                .rev()
                .filter(|i| id.is_char_boundary(*i))
                .find_map(|i| {
                    let value = &id[..i];
                    let mut binding = binding.clone();
                    if !previous {
                        if binding.get(name).is_some_and(|v| v != value) {
                            return None;
                        }
                        binding.insert(name.clone(), value.to_string());
                    }
                    match_id(rest, &id[i..], binding)
                })
        }
    }
}

/// Whether `id` matches a section's pattern, with `binding` for its
/// variables (`events.{dataset}.*` with dataset bound).
pub fn matches(pattern: &Pattern, id: &str, binding: &Binding) -> bool {
    bind(pattern, id, binding).is_some()
}

/// The values `id` gives `pattern`'s variables, agreeing with `binding`
/// (which it extends), or `None` when it does not match.
pub fn bind(pattern: &Pattern, id: &str, binding: &Binding) -> Option<Binding> {
    match_id(&pattern.0, id, binding.clone())
        .filter(|b| b.iter().all(|(k, v)| binding.get(k).is_none_or(|w| w == v)))
}

/// The values one pattern's variables take over `ids`.
pub fn values_of(
    pattern: &Pattern,
    ids: impl Iterator<Item = impl AsRef<str>>,
    variable: &str,
) -> BTreeSet<String> {
    ids.filter_map(|id| match_id(&pattern.0, id.as_ref(), Binding::new())?.remove(variable))
        .collect()
}

/// The natural join of two lists of bindings.
fn join(left: &[Binding], right: &[Binding]) -> Vec<Binding> {
    let mut out = Vec::new();
    for a in left {
        for b in right {
            if b.iter().all(|(k, v)| a.get(k).is_none_or(|w| w == v)) {
                let mut merged = a.clone();
                merged.extend(b.iter().map(|(k, v)| (k.clone(), v.clone())));
                out.push(merged);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The id `pattern` names under `binding` (`None` when a variable is
/// unbound or has no previous period).
pub fn instantiate(pattern: &Pattern, binding: &Binding) -> Option<String> {
    let mut id = String::new();
    for part in &pattern.0 {
        match part {
            Part::Literal(text) => id.push_str(text),
            Part::Variable {
                name,
                previous: false,
            } => id.push_str(binding.get(name)?),
            Part::Variable {
                name,
                previous: true,
            } => id.push_str(&Period::from_key(binding.get(name)?)?.previous()?.key()),
            Part::Any => return None,
        }
    }
    Some(id)
}

/// A metric as a placeholder's format asks.
pub fn metric_text(m: &Metric, format: Option<&str>) -> String {
    let number = |v: Option<f64>| {
        v.map_or("open".to_string(), |v| {
            with_percent(format::number(v, &m.unit), &m.unit)
        })
    };
    match format {
        Some("best") => number(Some(m.value.best)),
        Some("low") => number(m.value.low),
        Some("high") => number(m.value.high),
        Some("trend") => trend(m),
        Some("abs") => m.display.trim_start_matches(['-', '−']).to_string(),
        Some("label") => m.label.clone(),
        Some("period") => {
            Period::from_key(&m.period.replace('/', "_")).map_or(m.period.clone(), |p| p.words())
        }
        _ => m.display.clone(),
    }
}

fn with_percent(number: String, unit: &str) -> String {
    if unit == "percent" {
        format!("{number}%")
    } else {
        number
    }
}

/// A change in words: "rose 131%", "fell 16%", "fell by 3 to 8" for a
/// count, "was about unchanged" when its range spans no change either way.
fn trend(m: &Metric) -> String {
    let v = m.value;
    let magnitude = m.display.trim_start_matches(['-', '−']);
    let magnitude = magnitude.replace(" to -", " to ").replace(" to −", " to ");
    let by = if m.unit == "percent" { "" } else { "by " };
    if v.low.is_some_and(|l| l > 0.0) || (v.low.is_none() && v.best > 0.0) {
        format!("rose {by}{magnitude}")
    } else if v.high.is_some_and(|h| h < 0.0) || (v.high.is_none() && v.best < 0.0) {
        format!("fell {by}{magnitude}")
    } else {
        format!("changed by {} (a rise or a fall)", m.display)
    }
}

/// "the IS-K suicide bombing in Bajaur on 30 July 2023".
pub fn describe_incident(data: &Dataset, incident: &crate::load::records::Incident) -> String {
    let group = term_name(&data.groups, &incident.group);
    let what = match &*incident.attack_type {
        "unknown" | "" => "attack".to_string(),
        kind => kind.replace('_', " "),
    };
    let place = incident.district.as_deref().unwrap_or(&incident.province);
    let date = Period::from_key(&incident.date.to_string())
        .map_or(incident.date.to_string(), |p| p.words());
    let on = if incident.date.precision() == crate::date::Precision::Day {
        "on"
    } else {
        "in"
    };
    format!("the {group} {what} in {place} {on} {date}")
}

#[cfg(test)]
mod tests;
