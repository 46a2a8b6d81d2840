//! Loading `casualty_estimates.csv` in two steps, so that it can be read on
//! one core while `incidents.csv` is read on the other: [`read`] checks
//! every field but the reference to an incident and notes where each
//! reference is written; [`Unresolved::resolve`] then checks those
//! references against the incidents, drops the estimates whose incident is
//! unknown, and puts every problem of the file in line order.

use std::path::{Path, PathBuf};

use super::records::{CasualtyEstimate, InOrder, Incident, Records, Text};
use super::table::{read_table, Row};
use super::{quote_and_note, size_for_file, References};
use crate::estimate::PackedFigure;
use crate::problem::{Problem, Problems};
use crate::validate::{self as v, Listed};

const COLUMNS: [&str; 13] = CasualtyEstimate::COLUMNS;

const INCIDENT: &str = "incident_id";

/// The estimates read from the file, with their incidents not yet checked.
pub(super) struct Unresolved<'r> {
    path: PathBuf,
    /// Rows valid in every other field, in file order; shared with the
    /// other load when handed over.
    estimates: Records<CasualtyEstimate>,
    /// Line and column of each estimate's `incident_id` field.
    places: Vec<(u32, u32)>,
    /// References written on rows refused for another reason: still
    /// checked, so that every problem of a row is reported.
    refused: Vec<Reference<'r>>,
    problems: Problems,
    /// Handed over by another load of the same bytes (see
    /// [`super::shared`]): `places` is empty, and the file is read after
    /// all should a reference not resolve.
    handed: bool,
}

/// An `incident_id` of a refused row, where it is written, and the row's
/// source when that was valid.
struct Reference<'r> {
    incident: Text,
    place: (usize, usize),
    source: Option<&'r crate::load::records::Source>,
}

/// Reads `path`, checking every field but `incident_id` against `refs`.
pub(super) fn read<'r>(path: &Path, refs: &References<'r>) -> Unresolved<'r> {
    let mut read = Unresolved {
        path: path.to_path_buf(),
        estimates: Records::default(),
        places: Vec::new(),
        refused: Vec::new(),
        problems: Problems::default(),
        handed: false,
    };
    let mut estimates = Vec::new();
    let mut seen = v::Seen::default();
    let mut problems = Problems::default();
    read_table(path, &COLUMNS, &mut problems, |row| {
        size_for_file(row, &mut estimates, &mut seen);
        if read.places.capacity() == 0 {
            read.places.reserve_exact(row.rows_at_most());
        }
        let id = v::unique_id(row, "id", &mut seen, estimates.len());
        if let Some(estimate) = read.row(row, refs, id) {
            estimates.push(estimate);
        }
    });
    read.estimates = Records::new(estimates);
    read.problems = problems;
    read
}

impl<'r> Unresolved<'r> {
    /// Estimates another load read from a file with the same bytes as
    /// `path` (and checked against the same sources), valid in every field.
    pub(super) fn handed(path: &Path, estimates: Records<CasualtyEstimate>) -> Self {
        Unresolved {
            path: path.to_path_buf(),
            estimates,
            places: Vec::new(),
            refused: Vec::new(),
            problems: Problems::default(),
            handed: true,
        }
    }

    /// The estimates, shared rather than copied, when every row of the
    /// file is valid but for its incident (not yet checked); `None`
    /// otherwise.
    pub(super) fn valid_estimates(&self) -> Option<Records<CasualtyEstimate>> {
        let valid = self.problems.is_empty() && self.refused.is_empty();
        valid.then(|| self.estimates.clone())
    }

    /// Checks one row (its id already checked) and returns its estimate or,
    /// when it is refused, keeps its reference to an incident.
    fn row(
        &mut self,
        row: &mut Row,
        refs: &References<'r>,
        id: Option<Text>,
    ) -> Option<CasualtyEstimate> {
        let incident = v::required(row, INCIDENT).map(Text::from);
        let source = refs.source(row, "source_id");
        let killed = v::figure(row, v::KILLED, false, true);
        let injured = v::figure(row, v::INJURED, false, true);
        let (quote, note) = quote_and_note(row);
        let place = row.place_of(INCIDENT);
        let estimate = match (id, &incident, source, killed, injured, quote) {
            (Some(_), Some(_), Some(_), Some(None), Some(None), Some(_)) => {
                let message =
                    "is empty, and so is injured_qualifier; an estimate needs killed or injured";
                row.fail("killed_qualifier", message);
                None
            }
            (
                Some(id),
                Some(incident_id),
                Some(source),
                Some(killed),
                Some(injured),
                Some(quote),
            ) => Some(CasualtyEstimate {
                id,
                incident_id: incident_id.clone(),
                source_id: Text::from(source.id.as_str()),
                killed: killed.map(PackedFigure::from),
                injured: injured.map(PackedFigure::from),
                quote,
                note,
            }),
            _ => None,
        };
        match (estimate, incident) {
            (Some(estimate), _) => {
                self.places.push((place.0 as u32, place.1 as u32));
                return Some(estimate);
            }
            (None, Some(incident)) => self.refused.push(Reference {
                incident,
                place,
                source,
            }),
            (None, None) => {}
        }
        None
    }

    /// Checks every reference to an incident against `incidents` (whose
    /// file lists `listed`), and adds the file's problems, in line order,
    /// to `p`. Returns the estimates whose incident is known and not dated
    /// after their source. Handed estimates with a reference that does not
    /// resolve are read again from the file, to say where each problem is.
    pub(super) fn resolve(
        self,
        known: (&[Incident], &Listed),
        refs: &References<'r>,
        p: &mut Problems,
    ) -> Records<CasualtyEstimate> {
        if !self.handed {
            return self.resolve_read(known, refs, p);
        }
        let path = self.path.clone();
        let mut found = Problems::default();
        let estimates = self.resolve_read(known, refs, &mut found);
        if found.is_empty() {
            return estimates;
        }
        read(&path, refs).resolve_read(known, refs, p)
    }

    fn resolve_read(
        self,
        (incidents, listed): (&[Incident], &Listed),
        refs: &References<'r>,
        p: &mut Problems,
    ) -> Records<CasualtyEstimate> {
        let mut check = Check {
            path: &self.path,
            incidents,
            listed,
            in_order: InOrder::default(),
        };
        let mut found = Problems::default();
        for r in &self.refused {
            check.reference(&r.incident, r.place, r.source, &mut found);
        }
        let mut places = self.places.iter();
        let kept: Vec<bool> = (self.estimates.iter())
            .map(|estimate| {
                let (line, column) = places.next().copied().unwrap_or_default();
                let place = (line as usize, column as usize);
                let source = refs.sources.0.get(estimate.source_id.as_str()).copied();
                check.reference(&estimate.incident_id, place, source, &mut found)
            })
            .collect();
        p.extend(Problems::in_line_order(self.problems, found));
        keep(self.estimates, &kept)
    }
}

/// The estimates `kept` marks. When it marks them all, as in valid data,
/// they are returned as they are: still shared, never copied (a copy of a
/// million estimates costs more than the checks).
fn keep(estimates: Records<CasualtyEstimate>, kept: &[bool]) -> Records<CasualtyEstimate> {
    if kept.iter().all(|k| *k) {
        return estimates;
    }
    let mut estimates = estimates.into_vec();
    let mut kept = kept.iter();
    estimates.retain(|_| kept.next().copied().unwrap_or(false));
    Records::new(estimates)
}

/// What a reference to an incident is checked against.
struct Check<'a> {
    path: &'a Path,
    incidents: &'a [Incident],
    listed: &'a Listed,
    in_order: InOrder,
}

impl Check<'_> {
    /// Whether `incident` is a known incident dated no later than `source`
    /// was published; reports why not (an unknown id only when its file
    /// [`Listed::lacks`] it, see [`v::lookup`]).
    fn reference(
        &mut self,
        incident: &str,
        (line, column): (usize, usize),
        source: Option<&crate::load::records::Source>,
        found: &mut Problems,
    ) -> bool {
        let mut fail = |message: String| {
            let message = format!("{INCIDENT}: {message}");
            found.push(Problem::at(self.path, line, column, message));
        };
        let listed = self.listed;
        let at = self
            .in_order
            .position(self.incidents, incident, || listed.record(incident));
        let Some(date) = at.map(|k| self.incidents[k].date) else {
            if listed.lacks(incident) {
                fail(format!(
                    "unknown incident {}; expected an id from the id column of incidents.csv",
                    v::echo(incident)
                ));
            }
            return false;
        };
        let Some(source) = source else {
            return false;
        };
        match v::after_source(date, source) {
            Some(message) => {
                fail(message);
                false
            }
            None => true,
        }
    }
}
