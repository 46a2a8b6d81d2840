//! The vocabularies an import resolves names with (`groups.csv`,
//! `places.csv`), a cache so that each distinct name is looked up once, and
//! for the names they do not know, the closest known id and the line that
//! would make the name known.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::summary::Hint;
use crate::load::load_terms;
use crate::load::records::Term;
use crate::problem::Problems;
use crate::validate::Vocabulary;

const GROUPS: &str = "groups.csv";
const PLACES: &str = "places.csv";

/// Names already looked up, and the id each stands for (`None`: unknown).
type Cache = HashMap<Box<str>, Option<Rc<str>>>;

pub(crate) struct Vocabularies {
    /// The data directory the files were read from (for their headers).
    dir: Option<PathBuf>,
    groups: Vocabulary,
    places: Vocabulary,
    group_cache: Cache,
    country_cache: Cache,
    /// Country code ("" for none) → name → place id.
    place_cache: HashMap<Box<str>, Cache>,
}

impl Vocabularies {
    /// Reads `groups.csv` and `places.csv` from the data directory `dir`.
    pub fn load(dir: &Path) -> Result<Vocabularies, Problems> {
        let mut problems = Problems::default();
        let (groups, _) = load_terms(&dir.join(GROUPS), "parent", &mut problems);
        let (places, _) = load_terms(&dir.join(PLACES), "country", &mut problems);
        let vocabularies = Vocabularies {
            dir: Some(dir.to_path_buf()),
            ..Vocabularies::new(
                Vocabulary::new("group", GROUPS, groups),
                Vocabulary::new("place", PLACES, places),
            )
        };
        problems.into_result(vocabularies)
    }

    pub fn new(groups: Vocabulary, places: Vocabulary) -> Vocabularies {
        Vocabularies {
            dir: None,
            groups,
            places,
            group_cache: HashMap::new(),
            country_cache: HashMap::new(),
            place_cache: HashMap::new(),
        }
    }

    /// The group id `name` stands for (an id, name or alias, any case).
    pub fn group(&mut self, name: &str) -> Option<Rc<str>> {
        if let Some(found) = self.group_cache.get(name) {
            return found.clone();
        }
        let found: Option<Rc<str>> = self.groups.resolve(name).map(Rc::from);
        self.group_cache.insert(name.into(), found.clone());
        found
    }

    /// The country code `name` stands for: a country of `places.csv` named
    /// by its id, name or alias, or a code the vocabulary uses (`PK`).
    pub fn country(&mut self, name: &str) -> Option<Rc<str>> {
        if name.is_empty() {
            return None;
        }
        if let Some(found) = self.country_cache.get(name) {
            return found.clone();
        }
        let wanted = name.trim().to_lowercase();
        let by_name = self
            .places
            .terms()
            .values()
            .filter(|t| t.kind == "country")
            .find(|t| names_match(t, &wanted))
            .and_then(|t| t.parent.clone());
        let by_code = || {
            self.places
                .terms()
                .values()
                .filter_map(|t| t.parent.as_deref())
                .find(|code| code.eq_ignore_ascii_case(&wanted))
                .map(str::to_string)
        };
        let found: Option<Rc<str>> = by_name.or_else(by_code).map(Rc::from);
        self.country_cache.insert(name.into(), found.clone());
        found
    }

    /// The place id `name` stands for among the places of country `code`
    /// (any place but a country when `code` is `None`).
    pub fn province(&mut self, code: Option<&str>, name: &str) -> Option<Rc<str>> {
        let key = code.unwrap_or("");
        if let Some(found) = self.place_cache.get(key).and_then(|m| m.get(name)) {
            return found.clone();
        }
        let wanted = name.trim().to_lowercase();
        let found: Option<Rc<str>> = self
            .places
            .terms()
            .values()
            .filter(|t| t.kind != "country")
            .filter(|t| code.is_none() || t.parent.as_deref() == code)
            .find(|t| names_match(t, &wanted))
            .map(|t| Rc::from(t.id.as_str()));
        self.place_cache
            .entry(key.into())
            .or_default()
            .insert(name.into(), found.clone());
        found
    }
}

/// An unknown name waiting for a hint: its text and, for a province, the
/// country code of its events.
pub(crate) struct Unknown<'n> {
    pub name: &'n str,
    pub country: Option<&'n str>,
}

impl Vocabularies {
    /// For each unknown group name and each unknown province name, the
    /// closest known id (as `check` suggests one) and the vocabulary line
    /// that makes it known: that id's row with the name added to its
    /// aliases, or, with no id close, a new row. Names meaning one id share
    /// one line. In file, then id order; new rows last.
    pub fn hints(&self, groups: &[Unknown], provinces: &[Unknown]) -> Vec<Hint> {
        let mut rows: BTreeMap<(&str, bool, String), (Term, Vec<String>)> = BTreeMap::new();
        for (file, names) in [(GROUPS, groups), (PLACES, provinces)] {
            for unknown in names {
                let (new, term) = self.row_for(file, unknown);
                let key = (file, new, term.id.clone());
                let entry = rows.entry(key).or_insert((term, Vec::new()));
                entry.1.push(unknown.name.to_string());
            }
        }
        let hint = |((file, new, _), (term, names))| self.hint(file, new, term, names);
        rows.into_iter().map(hint).collect()
    }

    /// The row of `file` an unknown name belongs in: its closest term's
    /// (`false`), or a new one (`true`).
    fn row_for(&self, file: &str, unknown: &Unknown) -> (bool, Term) {
        let closest = match file {
            GROUPS => self
                .groups
                .nearest(unknown.name)
                .map(|id| &self.groups.terms()[id]),
            _ => self.nearest_place(unknown.country, unknown.name),
        };
        match closest {
            Some(term) => (false, term.clone()),
            None => (true, self.new_term(file, unknown)),
        }
    }

    /// The hint for `names`, which belong in `term`'s row of `file`.
    fn hint(&self, file: &str, new: bool, mut term: Term, names: Vec<String>) -> Hint {
        // A name with `;` cannot be an alias (the separator); a new row's
        // first name is its name.
        let is_alias = |n: &&String| !n.contains(';') && !n.eq_ignore_ascii_case(&term.name);
        let aliases: Vec<String> = names.iter().filter(is_alias).cloned().collect();
        term.aliases.extend(aliases);
        Hint {
            file: file.to_string(),
            closest: (!new).then(|| term.id.clone()),
            line: self.line(file, &term),
            names,
        }
    }

    /// The closest place to `name` among the provinces and territories of
    /// the country `code` (of any country when `None`).
    fn nearest_place(&self, code: Option<&str>, name: &str) -> Option<&Term> {
        let candidates: Vec<Term> = self
            .places
            .terms()
            .values()
            .filter(|t| t.kind != "country" && (code.is_none() || t.parent.as_deref() == code))
            .cloned()
            .collect();
        let id = Vocabulary::new("place", PLACES, candidates)
            .nearest(name)?
            .to_string();
        self.places.terms().get(&id)
    }

    /// A new row for a name no id is close to: an id made from the name,
    /// kind `group` or `province`, the events' country for a place.
    fn new_term(&self, file: &str, unknown: &Unknown) -> Term {
        let vocabulary = if file == GROUPS {
            &self.groups
        } else {
            &self.places
        };
        let stem = slug(unknown.name);
        let mut id = stem.clone();
        for n in 2.. {
            if !vocabulary.contains(&id) {
                break;
            }
            id = format!("{stem}-{n}");
        }
        let (kind, parent) = match file {
            GROUPS => ("group", None),
            _ => ("province", unknown.country.map(str::to_string)),
        };
        Term {
            id,
            name: unknown.name.to_string(),
            kind: kind.to_string(),
            parent,
            aliases: Vec::new(),
            note: None,
        }
    }

    /// `term` as one CSV line of `file`, its columns in the order the
    /// file's header gives them (the loader accepts any order).
    fn line(&self, file: &str, term: &Term) -> String {
        let (parent, canonical) = match file {
            GROUPS => (
                "parent",
                ["id", "name", "kind", "parent", "aliases", "note"],
            ),
            _ => (
                "country",
                ["id", "name", "country", "kind", "aliases", "note"],
            ),
        };
        let header = self
            .dir
            .as_ref()
            .and_then(|dir| header_of(&dir.join(file)))
            .unwrap_or_else(|| canonical.iter().map(|c| c.to_string()).collect());
        let aliases = term.aliases.join(";");
        let cells = header.iter().map(|column| match column.as_str() {
            "id" => term.id.as_str(),
            "name" => term.name.as_str(),
            "kind" => term.kind.as_str(),
            "aliases" => aliases.as_str(),
            "note" => term.note.as_deref().unwrap_or(""),
            c if c == parent => term.parent.as_deref().unwrap_or(""),
            _ => "",
        });
        csv_line(cells)
    }
}

/// One CSV line (without its line end), each field quoted only as needed.
fn csv_line<'c>(cells: impl IntoIterator<Item = &'c str>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record(cells);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .trim_end_matches('\n')
        .to_string()
}

/// The trimmed column names of a CSV file's header, if it can be read.
fn header_of(path: &Path) -> Option<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).ok()?;
    let header = reader.headers().ok()?;
    Some(
        header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect(),
    )
}

/// An id made from a name: lowercase ASCII letters and digits, other runs
/// of characters as one `-` ("Kashmir insurgents" → `kashmir-insurgents`).
fn slug(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "new".to_string()
    } else {
        id.to_string()
    }
}

fn names_match(term: &Term, wanted: &str) -> bool {
    term.id == wanted
        || term.name.to_lowercase() == wanted
        || term.aliases.iter().any(|a| a.to_lowercase() == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(id: &str, kind: &str, parent: &str, aliases: &[&str]) -> Term {
        Term {
            id: id.into(),
            name: id.to_uppercase(),
            kind: kind.into(),
            parent: (!parent.is_empty()).then(|| parent.into()),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            note: None,
        }
    }

    fn vocab() -> Vocabularies {
        let places = vec![
            term(
                "pakistan",
                "country",
                "PK",
                &["Islamic Republic of Pakistan"],
            ),
            term("india", "country", "IN", &[]),
            term("punjab", "province", "PK", &["Punjab province"]),
            term("punjab-in", "state", "IN", &["Punjab"]),
        ];
        let groups = vec![term("ttp", "group", "", &["Pakistani Taliban"])];
        Vocabularies::new(
            Vocabulary::new("group", "groups.csv", groups),
            Vocabulary::new("place", "places.csv", places),
        )
    }

    #[test]
    fn provinces_resolve_within_their_country() {
        let mut v = vocab();
        assert_eq!(v.country("Pakistan").as_deref(), Some("PK"));
        assert_eq!(v.country("pk").as_deref(), Some("PK"));
        assert_eq!(v.country("Nepal"), None);
        assert_eq!(v.province(Some("PK"), "punjab").as_deref(), Some("punjab"));
        assert_eq!(
            v.province(Some("IN"), "Punjab").as_deref(),
            Some("punjab-in")
        );
        assert_eq!(
            v.province(Some("PK"), "Punjab province").as_deref(),
            Some("punjab")
        );
        assert_eq!(
            v.province(Some("PK"), "Pakistan"),
            None,
            "a country is no province"
        );
        // Twice, to go through the cache.
        assert_eq!(
            v.province(Some("IN"), "Punjab").as_deref(),
            Some("punjab-in")
        );
        assert_eq!(v.group("pakistani taliban").as_deref(), Some("ttp"));
        assert_eq!(v.group("pakistani taliban").as_deref(), Some("ttp"));
        assert_eq!(v.group("BLA"), None);
    }

    fn unknown<'n>(name: &'n str, country: Option<&'n str>) -> Unknown<'n> {
        Unknown { name, country }
    }

    #[test]
    fn unknown_names_get_the_closest_id_and_a_line_to_paste() {
        let v = vocab();
        let groups = [
            unknown("Pakistani Talibans", None),
            unknown("Kashmir Front", None),
        ];
        let provinces = [
            unknown("Punjab Province.", Some("PK")),
            unknown("Panjab", Some("PK")),
            unknown("Punjabb", Some("IN")),
        ];
        let hints: Vec<(String, Option<String>, String)> = v
            .hints(&groups, &provinces)
            .into_iter()
            .map(|h| (h.file, h.closest, h.line))
            .collect();
        let hint = |file: &str, closest: Option<&str>, line: &str| {
            (
                file.to_string(),
                closest.map(str::to_string),
                line.to_string(),
            )
        };
        assert_eq!(
            hints,
            [
                hint(
                    "groups.csv",
                    Some("ttp"),
                    "ttp,TTP,group,,Pakistani Taliban;Pakistani Talibans,"
                ),
                hint("groups.csv", None, "kashmir-front,Kashmir Front,group,,,"),
                // Two spellings of one province share its line; a province
                // is looked for among its own country's places.
                hint(
                    "places.csv",
                    Some("punjab"),
                    "punjab,PUNJAB,PK,province,Punjab province;Punjab Province.;Panjab,"
                ),
                hint(
                    "places.csv",
                    Some("punjab-in"),
                    "punjab-in,PUNJAB-IN,IN,state,Punjab;Punjabb,"
                ),
            ]
        );
    }

    #[test]
    fn a_line_keeps_the_column_order_of_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("groups.csv", "id,name,kind,parent,aliases,note\nttp,Tehreek-e-Taliban Pakistan,group,,TTP,\"A, B\"\n");
        write(
            "places.csv",
            "\u{feff}name,id,aliases,kind,country,note\nPunjab,punjab,,province,PK,\n",
        );
        let v = Vocabularies::load(dir.path()).unwrap();
        let hints = v.hints(&[], &[unknown("Punjab Province", Some("PK"))]);
        assert_eq!(hints[0].line, "Punjab,punjab,Punjab Province,province,PK,");
        let hints = v.hints(&[unknown("TTP-TA", None)], &[]);
        assert_eq!(
            hints[0].line,
            "ttp,Tehreek-e-Taliban Pakistan,group,,TTP;TTP-TA,\"A, B\""
        );
    }
}
