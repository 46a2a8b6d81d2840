//! The vocabularies an import resolves names with (`groups.csv`,
//! `places.csv`), and a cache so that each distinct name is looked up once.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use crate::load::load_terms;
use crate::load::records::Term;
use crate::problem::Problems;
use crate::validate::Vocabulary;

/// Names already looked up, and the id each stands for (`None`: unknown).
type Cache = HashMap<Box<str>, Option<Rc<str>>>;

pub(crate) struct Vocabularies {
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
        let (groups, _) = load_terms(&dir.join("groups.csv"), "parent", &mut problems);
        let (places, _) = load_terms(&dir.join("places.csv"), "country", &mut problems);
        problems.into_result(Vocabularies::new(
            Vocabulary::new("group", "groups.csv", groups),
            Vocabulary::new("place", "places.csv", places),
        ))
    }

    pub fn new(groups: Vocabulary, places: Vocabulary) -> Vocabularies {
        Vocabularies {
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
}
