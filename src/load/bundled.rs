//! The vocabularies sitrep ships with, compiled in from the bundled data:
//! qualifiers, measures, groups (with the aliases sources and datasets
//! use), places and attack types. `sitrep init` starts a project with them
//! and `sitrep synth` generates data over them, so an installed binary
//! needs no source tree.

/// The vocabulary files, by name, with their text.
pub const VOCABULARIES: [(&str, &str); 5] = [
    ("qualifiers.csv", include_str!("../../data/qualifiers.csv")),
    ("measures.csv", include_str!("../../data/measures.csv")),
    ("groups.csv", include_str!("../../data/groups.csv")),
    ("places.csv", include_str!("../../data/places.csv")),
    (
        "attack_types.csv",
        include_str!("../../data/attack_types.csv"),
    ),
];

/// Writes the vocabularies into `dir`, which must exist.
pub fn write_vocabularies(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    VOCABULARIES
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            crate::output::write_atomically(&path, text.as_bytes())?;
            Ok(path)
        })
        .collect()
}
