//! The TOML mapping file, and the settings of one import drawn from it.
//!
//! For the `mapped` format the file says which column holds what, how dates
//! are written, the encoding, and how ranges are read. For every format it
//! may add value maps (a dataset's spelling → a vocabulary id or name),
//! texts that mean "empty" and the dataset version. `docs/importing.md`
//! documents every key.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::dates::DateFormat;
use super::field::Field;
use super::input::Encoding;
use super::options::{is_short_name, Format, ImportError};

/// A mapping file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mapping {
    dataset: Option<String>,
    dataset_version: Option<String>,
    encoding: Option<String>,
    #[serde(default)]
    date_formats: Vec<String>,
    #[serde(default)]
    empty_values: Vec<String>,
    best: Option<Best>,
    single: Option<Single>,
    columns: Option<Columns>,
    #[serde(default)]
    constants: BTreeMap<String, String>,
    #[serde(default)]
    values: BTreeMap<String, BTreeMap<String, String>>,
}

/// Which number is the best value when a count is given as min and max.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Best {
    Min,
    #[default]
    Max,
    Midpoint,
}

/// How a count given as one number is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Single {
    /// low = best = high.
    #[default]
    Exact,
    /// low = best, high open.
    AtLeast,
}

/// `[columns]`: the header name of the column holding each field.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Columns {
    pub id: Option<String>,
    pub date: Option<String>,
    pub country: Option<String>,
    pub province: Option<String>,
    pub district: Option<String>,
    pub group: Option<String>,
    pub claimed: Option<String>,
    pub attribution_doubt: Option<String>,
    pub attack_type: Option<String>,
    pub target: Option<String>,
    pub killed: Option<String>,
    pub killed_min: Option<String>,
    pub killed_max: Option<String>,
    pub injured: Option<String>,
    pub injured_min: Option<String>,
    pub injured_max: Option<String>,
    /// Columns copied into `note` as `Name: value`.
    #[serde(default)]
    pub note: Vec<String>,
}

impl Columns {
    /// The column named for `field`, if any.
    pub fn get(&self, field: Field) -> Option<&str> {
        let c = match field {
            Field::Id => &self.id,
            Field::Date => &self.date,
            Field::Country => &self.country,
            Field::Province => &self.province,
            Field::District => &self.district,
            Field::Group => &self.group,
            Field::Claimed => &self.claimed,
            Field::AttributionDoubt => &self.attribution_doubt,
            Field::AttackType => &self.attack_type,
            Field::Target => &self.target,
            Field::Killed => &self.killed,
            Field::KilledMin => &self.killed_min,
            Field::KilledMax => &self.killed_max,
            Field::Injured => &self.injured,
            Field::InjuredMin => &self.injured_min,
            Field::InjuredMax => &self.injured_max,
        };
        c.as_deref()
    }
}

impl Mapping {
    pub fn load(path: &Path) -> Result<Mapping, ImportError> {
        let fail = |message: String| ImportError::Mapping {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| fail(format!("cannot read the mapping file: {e}")))?;
        toml::from_str(&text).map_err(|e| fail(format!("not a valid mapping file: {e}")))
    }
}

/// Value maps, one per field: a dataset's text (compared without case,
/// after trimming) → the text used instead.
#[derive(Debug, Clone, Default)]
pub(crate) struct ValueMaps {
    maps: HashMap<Field, HashMap<String, String>>,
}

impl ValueMaps {
    /// The replacement for `text` in `field`, or `text` itself.
    pub fn apply<'t>(&self, field: Field, text: Cow<'t, str>) -> Cow<'t, str> {
        let Some(map) = self.maps.get(&field) else {
            return text;
        };
        match map.get(&text.trim().to_lowercase()) {
            Some(value) => Cow::Owned(value.clone()),
            None => text,
        }
    }
}

/// Everything one import needs from its format and mapping file.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub dataset: String,
    pub version: Option<String>,
    pub encoding: Encoding,
    pub empty_values: Vec<String>,
    pub values: ValueMaps,
    pub date_formats: Vec<DateFormat>,
    pub best: Best,
    pub single: Single,
    pub columns: Columns,
    pub constants: BTreeMap<Field, String>,
}

impl Settings {
    /// Checks the mapping file against the format.
    pub fn new(
        format: Format,
        mapping: Option<(&Path, Mapping)>,
        input: &Path,
    ) -> Result<Settings, ImportError> {
        let (path, m) = match mapping {
            Some((path, m)) => (path.to_path_buf(), m),
            None => (input.to_path_buf(), Mapping::default()),
        };
        let fail = |message: String| ImportError::Mapping {
            path: path.clone(),
            message,
        };
        if format != Format::Mapped {
            let only_mapped = [
                ("dataset", m.dataset.is_some()),
                ("date_formats", !m.date_formats.is_empty()),
                ("best", m.best.is_some()),
                ("single", m.single.is_some()),
                ("[columns]", m.columns.is_some()),
                ("[constants]", !m.constants.is_empty()),
            ];
            let given: Vec<&str> = only_mapped
                .iter()
                .filter(|(_, given)| *given)
                .map(|(key, _)| *key)
                .collect();
            if !given.is_empty() {
                return Err(fail(format!(
                    "{} apply only to the mapped format; {format} has fixed columns (a mapping file for {format} may give dataset_version, encoding, empty_values and [values.*])",
                    given.join(", ")
                )));
            }
        }
        let encoding = match m
            .encoding
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None if format == Format::Mapped => Encoding::Utf8,
            None => Encoding::Auto,
            Some("utf-8" | "utf8") => Encoding::Utf8,
            Some("windows-1252" | "cp1252") => Encoding::Windows1252,
            Some(other) => {
                return Err(fail(format!(
                    "encoding \"{other}\" is not supported; use \"utf-8\" or \"windows-1252\""
                )))
            }
        };
        let date_formats = m
            .date_formats
            .iter()
            .map(|p| DateFormat::new(p))
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        let values = value_maps(format, &m.values).map_err(&fail)?;
        let mut constants = BTreeMap::new();
        for (key, value) in &m.constants {
            let field = Field::parse(key)
                .filter(|f| f.may_be_constant())
                .ok_or_else(|| {
                    fail(format!(
                        "[constants] {key}: only {} may be constants",
                        Field::ALL
                            .iter()
                            .filter(|f| f.may_be_constant())
                            .map(|f| f.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            constants.insert(field, value.trim().to_string());
        }
        let dataset = if format == Format::Mapped {
            let Some(dataset) = m.dataset.as_deref().map(str::trim) else {
                return Err(fail(
                    "the mapping file must name the dataset: dataset = \"short-name\" (used in every event id)".into(),
                ));
            };
            if !is_short_name(dataset) {
                return Err(fail(format!(
                    "dataset \"{dataset}\" must be lowercase letters, digits, '-', '_' or '.', not starting with '.'"
                )));
            }
            dataset.to_string()
        } else {
            format.name().to_string()
        };
        let columns = m.columns.unwrap_or_default();
        if format == Format::Mapped {
            check_columns(&columns, &constants).map_err(fail)?;
        }
        let version = m
            .dataset_version
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .or_else(|| version_from_file_name(format, input));
        Ok(Settings {
            dataset,
            version,
            encoding,
            empty_values: m
                .empty_values
                .iter()
                .map(|v| v.trim().to_string())
                .collect(),
            values,
            date_formats,
            best: m.best.unwrap_or_default(),
            single: m.single.unwrap_or_default(),
            columns,
            constants,
        })
    }
}

fn value_maps(
    format: Format,
    given: &BTreeMap<String, BTreeMap<String, String>>,
) -> Result<ValueMaps, String> {
    let mut maps = HashMap::new();
    for (key, map) in given {
        let allowed = |f: &Field| format == Format::Mapped || f.is_text();
        let Some(field) = Field::parse(key).filter(allowed) else {
            let names: Vec<&str> = Field::ALL
                .iter()
                .filter(|f| allowed(f))
                .map(|f| f.name())
                .collect();
            return Err(format!(
                "[values.{key}]: value maps apply to {} for {format}",
                names.join(", ")
            ));
        };
        let mut lowered = HashMap::new();
        for (from, to) in map {
            let from = from.trim().to_lowercase();
            if lowered
                .insert(from.clone(), to.trim().to_string())
                .is_some()
            {
                return Err(format!(
                    "[values.{key}]: \"{from}\" is given twice (keys are compared without case)"
                ));
            }
        }
        maps.insert(field, lowered);
    }
    Ok(ValueMaps { maps })
}

fn check_columns(columns: &Columns, constants: &BTreeMap<Field, String>) -> Result<(), String> {
    if columns.date.is_none() {
        return Err("[columns] must name the date column: date = \"Column name\"".into());
    }
    for field in Field::ALL {
        if columns.get(field).is_some() && constants.contains_key(&field) {
            return Err(format!(
                "{} is given both as a column and as a constant; keep one",
                field.name()
            ));
        }
    }
    for (single, min, max) in [
        (Field::Killed, Field::KilledMin, Field::KilledMax),
        (Field::Injured, Field::InjuredMin, Field::InjuredMax),
    ] {
        if columns.get(single).is_some()
            && (columns.get(min).is_some() || columns.get(max).is_some())
        {
            return Err(format!(
                "give either {} (one number) or {}/{} (a range), not both",
                single.name(),
                min.name(),
                max.name()
            ));
        }
    }
    Ok(())
}

/// The release a file name states: UCDP `ged231.csv` or `GEDEvent_v23_1.csv`
/// → `23.1`; GTD `globalterrorismdb_0522dist.csv` → `0522`. ACLED exports
/// are named by their date range, not a release: none.
pub(crate) fn version_from_file_name(format: Format, path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
    let digits_at = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    match format {
        Format::Ucdp => {
            if let Some(at) = stem.find("_v") {
                let rest = &stem[at + 2..];
                let major = digits_at(rest);
                let after = &rest[major..];
                if major > 0 && after.starts_with(['_', '.']) {
                    let minor = digits_at(&after[1..]);
                    if minor > 0 {
                        return Some(format!("{}.{}", &rest[..major], &after[1..1 + minor]));
                    }
                }
            }
            let at = stem.find("ged")?;
            let rest = &stem[at + 3..];
            let n = digits_at(rest);
            (n == 3).then(|| format!("{}.{}", &rest[..2], &rest[2..3]))
        }
        Format::Gtd => {
            let at = stem.rfind("dist")?;
            let before = &stem[..at];
            let n = before.bytes().rev().take_while(u8::is_ascii_digit).count();
            (n == 4).then(|| before[before.len() - 4..].to_string())
        }
        Format::Acled | Format::Mapped => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(format: Format, toml: &str) -> Result<Settings, String> {
        let m: Mapping = toml::from_str(toml).map_err(|e| e.to_string())?;
        Settings::new(format, Some((Path::new("m.toml"), m)), Path::new("x.csv"))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn versions_come_from_release_file_names() {
        let v = |f, name: &str| version_from_file_name(f, Path::new(name));
        assert_eq!(v(Format::Ucdp, "data/ged231.csv").as_deref(), Some("23.1"));
        assert_eq!(
            v(Format::Ucdp, "GEDEvent_v19_1.csv").as_deref(),
            Some("19.1")
        );
        assert_eq!(v(Format::Ucdp, "events.csv"), None);
        assert_eq!(
            v(Format::Gtd, "globalterrorismdb_0522dist.csv").as_deref(),
            Some("0522")
        );
        assert_eq!(v(Format::Acled, "2017-01-01-2023-12-31-Pakistan.csv"), None);
    }

    #[test]
    fn mapped_needs_a_dataset_and_a_date_column() {
        let e = settings(Format::Mapped, "[columns]\ndate = \"Date\"").unwrap_err();
        assert!(e.contains("must name the dataset"), "{e}");
        let e = settings(Format::Mapped, "dataset = \"x\"\n[columns]\nid = \"S#\"").unwrap_err();
        assert!(e.contains("must name the date column"), "{e}");
        let e = settings(Format::Mapped, "dataset = \"X Y\"\n[columns]\ndate = \"D\"").unwrap_err();
        assert!(e.contains("lowercase"), "{e}");
    }

    #[test]
    fn unknown_keys_and_misplaced_keys_are_refused() {
        let e = settings(
            Format::Mapped,
            "dataset = \"x\"\n[columns]\ndate = \"D\"\nkiled = \"K\"",
        )
        .unwrap_err();
        assert!(e.contains("unknown field `kiled`"), "{e}");
        let e = settings(Format::Ucdp, "[columns]\ndate = \"D\"").unwrap_err();
        assert!(
            e.contains("[columns] apply only to the mapped format"),
            "{e}"
        );
        let e = settings(Format::Ucdp, "[values.killed]\n\"1\" = \"2\"").unwrap_err();
        assert!(e.contains("value maps apply to country, province"), "{e}");
        let e = settings(
            Format::Mapped,
            "dataset = \"x\"\ndate_formats = [\"%d %B\"]\n[columns]\ndate = \"D\"",
        )
        .unwrap_err();
        assert!(e.contains("has no year"), "{e}");
        let e = settings(
            Format::Mapped,
            "dataset = \"x\"\n[columns]\ndate = \"D\"\nkilled = \"K\"\nkilled_max = \"M\"",
        )
        .unwrap_err();
        assert!(e.contains("either killed"), "{e}");
    }

    #[test]
    fn value_maps_ignore_case_and_white_space() {
        let s = settings(
            Format::Gtd,
            "[values.province]\n\" N.W.F.P. \" = \"khyber-pakhtunkhwa\"",
        )
        .unwrap();
        assert_eq!(
            s.values.apply(Field::Province, Cow::Borrowed("n.w.f.p.")),
            "khyber-pakhtunkhwa"
        );
        assert_eq!(
            s.values.apply(Field::Province, Cow::Borrowed("Sindh")),
            "Sindh"
        );
        assert_eq!(s.encoding, Encoding::Auto);
    }
}
