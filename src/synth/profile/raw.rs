//! The profile as written: serde's types for the TOML file, every value
//! with its place in the file so that [`super::check`] can point at it.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

pub(super) type Number = Spanned<f64>;
pub(super) type Whole = Spanned<i64>;
pub(super) type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProfile {
    pub(super) country: Text,
    pub(super) first_year: Whole,
    pub(super) year_weights: Spanned<Vec<Number>>,
    pub(super) attacks: RawAttacks,
    pub(super) incidents: RawIncidents,
    pub(super) casualties: RawCasualties,
    pub(super) measures: RawMeasures,
    pub(super) strength: RawStrength,
    pub(super) unlisted: RawUnlisted,
    #[serde(default)]
    pub(super) places: BTreeMap<Text, RawPlace>,
    #[serde(default)]
    pub(super) groups: BTreeMap<Text, RawGroup>,
    #[serde(default)]
    pub(super) attack_types: BTreeMap<Text, Number>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAttacks {
    pub(super) peak_per_year: Number,
    pub(super) killed_per_attack: [Number; 2],
    pub(super) claimed_share: Number,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIncidents {
    pub(super) claimed: Number,
    pub(super) targets: Spanned<Vec<Text>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCasualties {
    pub(super) none_killed: Number,
    pub(super) killed_scale: Number,
    pub(super) killed_cap: Whole,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeasures {
    pub(super) attacks: Text,
    pub(super) killed: Option<Text>,
    pub(super) claimed: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStrength {
    pub(super) counted: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUnlisted {
    pub(super) place: RawPlace,
    pub(super) group: RawGroup,
    pub(super) attack_type: Number,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlace {
    pub(super) weight: Number,
    pub(super) from: Option<Whole>,
    pub(super) until: Option<Whole>,
    #[serde(default = "no_names")]
    pub(super) districts: Spanned<Vec<Text>>,
}

fn no_names() -> Spanned<Vec<Text>> {
    Spanned::new(0..0, Vec::new())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    pub(super) weight: Number,
    pub(super) from: Option<Whole>,
    pub(super) until: Option<Whole>,
    pub(super) peak_strength: Number,
}
