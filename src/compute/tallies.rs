//! Publishers' tallies: every count of events or casualties a publisher
//! gives for a place, period and perpetrator, and what follows from them.
//!
//! A tally is one publisher's figure for one (place, period, measure, who),
//! reconciled over that publisher's sources (`pips.pakistan.2017.attacks.all`).
//! From the tallies of one publisher, for any place and period present:
//!
//! - [`shares`]: each perpetrator's share of its whole (the total of all
//!   perpetrators in a country; the same perpetrator's figure for the
//!   country, for a province), checked against a stated share;
//! - [`remainder`]: attacks by no category the publisher names (the total
//!   less the categories that partition it);
//! - [`rates`]: people killed or injured per event;
//! - [`implied_wholes`]: the whole a stated share implies, where it is not
//!   given;
//! - [`implied_previous`]: the previous period's figure a stated percentage
//!   change implies;
//! - [`changes`]: the change against the previous period (year, quarter,
//!   month) where both are counted, checked against a stated change and
//!   listed as a disagreement where they differ.
//!
//! Which counts are events, casualties, changes or shares comes from
//! `measures.csv`; which perpetrator is the total and which partition it
//! from `groups.csv`. Nothing here names a publisher, a period or a group.

use std::collections::{BTreeMap, BTreeSet};

use crate::compute::ids::{self, Cell, REMAINDER};
use crate::compute::names::{self, base_measure, country_of, is_country, measure_kind};
use crate::compute::period::Period;
use crate::compute::{derived, reconciled, Collector, Disagreement, Metric, SourcedValue};
use crate::estimate::Estimate;
use crate::load::records::{Count, MeasureKind};
use crate::load::Dataset;

/// One tally: where, what and of whom.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub cell: Cell,
    pub measure: String,
    pub who: String,
}

impl Key {
    pub fn id(&self) -> String {
        self.cell.tally(&self.measure, &self.who)
    }

    fn with(&self, measure: &str, who: &str) -> Key {
        Key {
            cell: self.cell.clone(),
            measure: measure.to_string(),
            who: who.to_string(),
        }
    }
}

/// Every tally of the data with the count records it rests on, the periods
/// behind the period keys, and the publishers' names.
pub struct Tallies<'a> {
    pub rows: BTreeMap<Key, Vec<&'a Count>>,
    pub periods: BTreeMap<String, Period>,
    pub publishers: BTreeMap<String, String>,
}

impl<'a> Tallies<'a> {
    /// Groups the counts of events, casualties, changes and shares that
    /// name a perpetrator (context figures such as population are left to
    /// the stated metrics).
    pub fn new(data: &'a Dataset) -> Tallies<'a> {
        let mut tallies = Tallies {
            rows: BTreeMap::new(),
            periods: BTreeMap::new(),
            publishers: BTreeMap::new(),
        };
        for count in &data.counts {
            let (Some(who), Some(source)) =
                (&count.perpetrator, data.sources.get(&count.source_id))
            else {
                continue;
            };
            if measure_kind(data, &count.measure).is_none_or(|k| k == MeasureKind::Context) {
                continue;
            }
            let publisher = names::publisher(source);
            let period = Period::of(count.period_start, count.period_end);
            tallies.periods.insert(period.key(), period);
            tallies
                .publishers
                .insert(publisher.key.clone(), publisher.name);
            let cell = Cell {
                publisher: publisher.key,
                place: count.place.clone(),
                period: period.key(),
            };
            let key = Key {
                cell,
                measure: count.measure.clone(),
                who: who.clone(),
            };
            tallies.rows.entry(key).or_default().push(count);
        }
        tallies
    }

    fn period(&self, key: &Key) -> Period {
        self.periods[&key.cell.period]
    }

    /// The tallies whose measure is of `kind`.
    fn of_kind<'k>(
        &'k self,
        data: &'k Dataset,
        kind: MeasureKind,
    ) -> impl Iterator<Item = &'k Key> + 'k {
        self.rows
            .keys()
            .filter(move |k| measure_kind(data, &k.measure) == Some(kind))
    }
}

pub fn add_all(data: &Dataset, c: &mut Collector) {
    let tallies = Tallies::new(data);
    add_tallies(data, &tallies, c);
    remainder(data, &tallies, c);
    shares(data, &tallies, c);
    rates(data, &tallies, c);
    implied_wholes(data, &tallies, c);
    implied_previous(data, &tallies, c);
    changes(data, &tallies, c);
}

/// The words a label ends with: "Pakistan, 2017 (PIPS)".
fn place_and_period(data: &Dataset, tallies: &Tallies, key: &Key) -> String {
    format!(
        "{}, {} ({})",
        names::place(data, &key.cell.place),
        tallies.period(key).words(),
        tallies.publishers[&key.cell.publisher]
    )
}

fn tally_label(data: &Dataset, tallies: &Tallies, key: &Key) -> String {
    let who = if key.who == REMAINDER {
        "perpetrators in no category named".to_string()
    } else {
        names::who(data, &key.who)
    };
    format!(
        "{} by {who}, {}",
        names::measure(data, &key.measure),
        place_and_period(data, tallies, key)
    )
}

/// One reconciled metric per tally, over the stated figures it rests on.
fn add_tallies(data: &Dataset, tallies: &Tallies, c: &mut Collector) {
    for (key, rows) in &tallies.rows {
        let inputs: Vec<String> = rows.iter().map(|r| ids::stated_count(&r.id)).collect();
        let label = tally_label(data, tallies, key);
        reconciled(c, &key.id(), &label, &inputs);
    }
}

/// Where a tally's whole is: in a country, the total of all perpetrators
/// (of the measure it is part of: claimed attacks are part of all
/// attacks); in a province, the same perpetrator's figure for its country.
fn whole_of(data: &Dataset, key: &Key) -> Option<Key> {
    if is_country(data, &key.cell.place) {
        let total = names::total_group(data)?;
        (key.who != total).then(|| key.with(base_measure(data, &key.measure), total))
    } else {
        let country = country_of(data, &key.cell.place)?;
        let mut whole = key.clone();
        whole.cell.place = country.to_string();
        Some(whole)
    }
}

/// Attacks by perpetrators in no category the publisher names: the total
/// less every category that partitions it, where at least one is given.
fn remainder(data: &Dataset, tallies: &Tallies, c: &mut Collector) {
    let Some(total) = names::total_group(data) else {
        return;
    };
    let totals = tallies
        .of_kind(data, MeasureKind::Events)
        .filter(|k| k.who == total && base_measure(data, &k.measure) == k.measure);
    for key in totals {
        let members: Vec<String> = tallies
            .rows
            .keys()
            .filter(|k| k.cell == key.cell && k.measure == key.measure)
            .filter(|k| names::is_category(data, &k.who))
            .map(Key::id)
            .collect();
        if !members.is_empty() {
            add_remainder(data, tallies, c, key, &members);
        }
    }
}

fn add_remainder(
    data: &Dataset,
    tallies: &Tallies,
    c: &mut Collector,
    total: &Key,
    members: &[String],
) {
    let Some(mut rest) = c.get(&total.id()).map(|m| m.value) else {
        return;
    };
    for member in members {
        let Some(part) = c.get(member).map(|m| m.value) else {
            return;
        };
        rest = rest.sub(&part);
    }
    let rest = Estimate::new(rest.low.map(|v| v.max(0.0)), rest.best.max(0.0), rest.high);
    let key = total.with(&total.measure, REMAINDER);
    let mut inputs = vec![total.id()];
    inputs.extend(members.iter().cloned());
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let formula = format!(
        "total − {}",
        members
            .iter()
            .map(|m| m.rsplit('.').next().unwrap_or(m))
            .collect::<Vec<_>>()
            .join(" − ")
    );
    let label = tally_label(data, tallies, &key);
    let unit = c.get(&total.id()).map_or(String::new(), |m| m.unit.clone());
    let period = tallies.period(total).label();
    let m = derived(c, key.id(), label, &unit, &period, rest, formula, &refs);
    c.add(m);
}

/// Each events tally's share of its whole, flagged against a share the
/// publisher states for it.
fn shares(data: &Dataset, tallies: &Tallies, c: &mut Collector) {
    let parts: Vec<Key> = tallies
        .of_kind(data, MeasureKind::Events)
        .cloned()
        .collect();
    let remainders = tallies
        .of_kind(data, MeasureKind::Events)
        .map(|k| k.with(&k.measure, REMAINDER));
    let candidates = parts.into_iter().chain(remainders);
    for part in candidates.collect::<BTreeSet<_>>() {
        let Some(whole) = whole_of(data, &part) else {
            continue;
        };
        add_share(data, tallies, c, &part, &whole);
    }
}

fn add_share(data: &Dataset, tallies: &Tallies, c: &mut Collector, part: &Key, whole: &Key) {
    let (part_id, whole_id) = (part.id(), whole.id());
    let [Some(p), Some(w)] = [&part_id, &whole_id].map(|i| c.get(i).map(|m| m.value)) else {
        return;
    };
    let label = share_label(data, tallies, part, whole);
    let mut m = derived(
        c,
        ids::share(&part_id),
        label,
        "percent",
        &tallies.period(part).label(),
        p.share_of(&w).scale(100.0),
        "100 × part ÷ whole (a part of its whole)".into(),
        &[&part_id, &whole_id],
    );
    for stated in stated_shares(data, tallies, part) {
        flag_against_stated(c, &mut m, &stated);
    }
    c.add(m);
}

fn share_label(data: &Dataset, tallies: &Tallies, part: &Key, whole: &Key) -> String {
    let measure = names::lowercase_first(&names::measure(data, &whole.measure));
    let period = format!(
        "{} ({})",
        tallies.period(part).words(),
        tallies.publishers[&part.cell.publisher]
    );
    if part.cell.place == whole.cell.place {
        let who = if part.who == REMAINDER {
            "perpetrators in no category named".to_string()
        } else {
            names::who(data, &part.who)
        };
        let whole_who = names::who(data, &whole.who);
        format!(
            "Share of {measure} by {whole_who}: {who}, {}, {period}",
            names::place(data, &part.cell.place)
        )
    } else {
        let (who, country) = (
            names::who(data, &part.who),
            names::place(data, &whole.cell.place),
        );
        format!(
            "Share of {measure} by {who} in {country}: {}, {period}",
            names::place(data, &part.cell.place)
        )
    }
}

/// The tallies of shares the publisher states for `part`'s perpetrator in
/// its cell, of the measure `part` belongs to.
fn stated_shares(data: &Dataset, tallies: &Tallies, part: &Key) -> Vec<String> {
    let base = base_measure(data, &part.measure);
    tallies
        .of_kind(data, MeasureKind::Share)
        .filter(|k| k.cell == part.cell && k.who == part.who)
        .filter(|k| data.measures[&k.measure].of.as_deref() == Some(base))
        .map(Key::id)
        .collect()
}

/// Flags a computed metric `consistent_with_stated` when its range meets
/// the stated figure's, else `stated_differs_from_computed`. Returns
/// whether they differ.
fn flag_against_stated(c: &Collector, m: &mut Metric, stated_id: &str) -> bool {
    let Some(stated) = c.get(stated_id) else {
        return false;
    };
    let apart = !m.value.overlaps(&stated.value);
    m.inputs.push(stated_id.to_string());
    let flag = if apart {
        "stated_differs_from_computed"
    } else {
        "consistent_with_stated"
    };
    m.flags.push(flag.to_string());
    apart
}

/// People killed or injured per event, for every casualty tally whose
/// perpetrator has an events tally in the same cell.
fn rates(data: &Dataset, tallies: &Tallies, c: &mut Collector) {
    for key in tallies.of_kind(data, MeasureKind::Casualties) {
        let Some(events) = events_of(data, tallies, key) else {
            continue;
        };
        let (id, events_id) = (key.id(), events.id());
        let [Some(k), Some(e)] = [&id, &events_id].map(|i| c.get(i).map(|m| m.value)) else {
            continue;
        };
        let per = names::singular(&data.measures[&events.measure].unit).to_string();
        let label = format!(
            "{} per {per} by {}, {}",
            names::measure(data, &key.measure),
            names::who(data, &key.who),
            place_and_period(data, tallies, key)
        );
        let formula = format!("{} ÷ {}", key.measure, events.measure);
        let period = tallies.period(key).label();
        let m = derived(
            c,
            ids::rate(&id, &per),
            label,
            &format!("per_{per}"),
            &period,
            k.ratio(&e),
            formula,
            &[&id, &events_id],
        );
        c.add(m);
    }
}

/// The events tally a casualty tally is divided by: the same cell and
/// perpetrator, a measure counted on its own (attacks) before one that is
/// part of another (claimed attacks).
fn events_of(data: &Dataset, tallies: &Tallies, key: &Key) -> Option<Key> {
    let mut candidates: Vec<&Key> = tallies
        .of_kind(data, MeasureKind::Events)
        .filter(|k| k.cell == key.cell && k.who == key.who)
        .collect();
    candidates.sort_by_key(|k| (base_measure(data, &k.measure) != k.measure, &k.measure));
    candidates.first().map(|k| (*k).clone())
}

/// Where a publisher states a share and gives the part but not the whole:
/// the whole the two imply, part ÷ share.
fn implied_wholes(data: &Dataset, tallies: &Tallies, c: &mut Collector) {
    for stated in tallies.of_kind(data, MeasureKind::Share) {
        let Some(of) = data.measures[&stated.measure].of.as_deref() else {
            continue;
        };
        let parts = tallies
            .of_kind(data, MeasureKind::Events)
            .filter(|k| k.cell == stated.cell && k.who == stated.who)
            .filter(|k| base_measure(data, &k.measure) == of);
        for part in parts {
            let Some(whole) = whole_of(data, part) else {
                continue;
            };
            if c.get(&whole.id()).is_none() {
                add_implied_whole(data, tallies, c, part, stated, &whole);
            }
        }
    }
}

fn add_implied_whole(
    data: &Dataset,
    tallies: &Tallies,
    c: &mut Collector,
    part: &Key,
    stated: &Key,
    whole: &Key,
) {
    let (part_id, share_id) = (part.id(), stated.id());
    let [Some(p), Some(s)] = [&part_id, &share_id].map(|i| c.get(i).map(|m| m.value)) else {
        return;
    };
    let label = format!(
        "{}, implied by the stated share",
        tally_label(data, tallies, whole)
    );
    let unit = c.get(&part_id).map_or(String::new(), |m| m.unit.clone());
    let period = tallies.period(part).label();
    let formula = "part ÷ (stated share ÷ 100)".to_string();
    let m = derived(
        c,
        ids::implied(&whole.id()),
        label,
        &unit,
        &period,
        p.ratio(&s.scale(0.01)),
        formula,
        &[&part_id, &share_id],
    );
    c.add(m);
}

/// The previous period's figure a stated percentage change implies:
/// this period's ÷ (1 + change ÷ 100), where a rounded change carries its
/// rounding range.
fn implied_previous(data: &Dataset, tallies: &Tallies, c: &mut Collector) {
    for stated in tallies.of_kind(data, MeasureKind::Change) {
        let Some(of) = data.measures[&stated.measure].of.as_deref() else {
            continue;
        };
        let Some(previous) = tallies.period(stated).previous() else {
            continue;
        };
        let now = stated.with(of, &stated.who);
        let (now_id, change_id) = (now.id(), stated.id());
        let [Some(n), Some(ch)] = [&now_id, &change_id].map(|i| c.get(i).map(|m| m.value)) else {
            continue;
        };
        let before = previous_key(&now, previous);
        let label = format!(
            "{} by {}, {}, {}, implied by {}'s stated change for {}",
            names::measure(data, of),
            names::who(data, &now.who),
            names::place(data, &now.cell.place),
            previous.words(),
            tallies.publishers[&now.cell.publisher],
            tallies.period(stated).words()
        );
        let formula = "this period ÷ (1 + stated change ÷ 100)".to_string();
        let unit = c.get(&now_id).map_or(String::new(), |m| m.unit.clone());
        let m = derived(
            c,
            ids::implied(&before.id()),
            label,
            &unit,
            &previous.label(),
            n.before_change(&ch.scale(0.01)),
            formula,
            &[&now_id, &change_id],
        );
        c.add(m);
    }
}

fn previous_key(key: &Key, previous: Period) -> Key {
    let mut before = key.clone();
    before.cell.period = previous.key();
    before
}

/// For every events or casualty tally: the change against the tally of the
/// previous period (or, without one, against the figure a stated change
/// implies), in its unit and in percent, checked against a stated change.
fn changes(data: &Dataset, tallies: &Tallies, c: &mut Collector) {
    let counted = tallies.rows.keys().filter(|k| {
        matches!(
            measure_kind(data, &k.measure),
            Some(MeasureKind::Events | MeasureKind::Casualties)
        )
    });
    for key in counted {
        let Some(previous) = tallies.period(key).previous() else {
            continue;
        };
        let before = previous_key(key, previous).id();
        if c.get(&before).is_some() {
            add_change(data, tallies, c, key, (&before, previous));
            add_change_pct(data, tallies, c, key, (&before, previous));
        } else if c.get(&ids::implied(&before)).is_some() {
            add_change(data, tallies, c, key, (&ids::implied(&before), previous));
        }
    }
}

fn change_label(
    data: &Dataset,
    tallies: &Tallies,
    key: &Key,
    previous: Period,
    what: &str,
) -> String {
    format!(
        "{what} in {} by {}, {}, {} to {} ({})",
        names::lowercase_first(&names::measure(data, &key.measure)),
        names::who(data, &key.who),
        names::place(data, &key.cell.place),
        previous.words(),
        tallies.period(key).words(),
        tallies.publishers[&key.cell.publisher]
    )
}

fn add_change(
    data: &Dataset,
    tallies: &Tallies,
    c: &mut Collector,
    key: &Key,
    (before, previous): (&str, Period),
) {
    let now = key.id();
    let [Some(n), Some(b)] = [now.as_str(), before].map(|i| c.get(i).map(|m| m.value)) else {
        return;
    };
    let label = change_label(data, tallies, key, previous, "Change");
    let formula = if before.ends_with(".implied") {
        "this period − the previous period's figure implied by the stated change"
    } else {
        "this period − the previous period"
    };
    let unit = c.get(&now).map_or(String::new(), |m| m.unit.clone());
    let period = format!("{}/{}", previous.label(), tallies.period(key).label());
    let m = derived(
        c,
        ids::change(&now),
        label,
        &unit,
        &period,
        n.sub(&b),
        formula.into(),
        &[&now, before],
    );
    c.add(m);
}

fn add_change_pct(
    data: &Dataset,
    tallies: &Tallies,
    c: &mut Collector,
    key: &Key,
    (before, previous): (&str, Period),
) {
    let now = key.id();
    let [Some(n), Some(b)] = [now.as_str(), before].map(|i| c.get(i).map(|m| m.value)) else {
        return;
    };
    let label = change_label(data, tallies, key, previous, "Change in percent");
    let pct = n.ratio(&b).sub(&Estimate::exact(1.0)).scale(100.0);
    let period = format!("{}/{}", previous.label(), tallies.period(key).label());
    let formula = "100 × (this period ÷ the previous period − 1)".to_string();
    let mut m = derived(
        c,
        ids::change_pct(&now),
        label,
        "percent",
        &period,
        pct,
        formula,
        &[&now, before],
    );
    for stated in stated_changes(data, tallies, key) {
        if flag_against_stated(c, &mut m, &stated) {
            let disagreement = stated_against_computed(c, &m, &stated);
            c.disagree(disagreement);
        }
    }
    c.add(m);
}

/// The tallies of changes the publisher states for `key`'s measure in its cell.
fn stated_changes(data: &Dataset, tallies: &Tallies, key: &Key) -> Vec<String> {
    tallies
        .of_kind(data, MeasureKind::Change)
        .filter(|k| k.cell == key.cell && k.who == key.who)
        .filter(|k| data.measures[&k.measure].of.as_deref() == Some(key.measure.as_str()))
        .map(Key::id)
        .collect()
}

/// A stated change set against the change its publisher's own counts give,
/// for the report's list of disagreements.
fn stated_against_computed(c: &Collector, computed: &Metric, stated_id: &str) -> Disagreement {
    let stated = c
        .get(stated_id)
        .expect("flagged against a collected metric");
    let computed_display =
        crate::compute::format::estimate(&computed.value.rounded(1), &computed.unit);
    let counts: Vec<String> = computed
        .inputs
        .iter()
        .filter(|i| *i != stated_id)
        .cloned()
        .collect();
    Disagreement {
        metric: computed.id.clone(),
        subject: computed.label.clone(),
        estimates: vec![
            SourcedValue {
                source: stated.sources.join(", "),
                record: stated.inputs.join(", "),
                display: format!("{} (stated)", stated.display),
            },
            SourcedValue {
                source: computed.sources.join(", "),
                record: counts.join(", "),
                display: format!("{computed_display} (from the counts)"),
            },
        ],
        reconciled: format!("not reconciled: the counts give {computed_display}"),
    }
}

#[cfg(test)]
mod tests;
