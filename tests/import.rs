//! `sitrep import`: the library side, on small hand-written fixtures of each
//! format and on the real `pakistan-suicide-bombings/originalData.csv`
//! (vendored under tests/fixtures, MIT; see its README).

mod common;

use std::path::{Path, PathBuf};

use common::{root, suicide_bombings_file, suicide_bombings_mapping};
use pretty_assertions::assert_eq;
use sitrep::import::{run, Format, ImportError, ImportOptions, ImportSummary};
use sitrep::load::events::load_events;

const HEADER: &str = "id,dataset,dataset_version,original_id,date,country,province,province_raw,district,group,group_raw,attribution_doubt,claimed,attack_type,target,killed_low,killed_best,killed_high,injured_low,injured_best,injured_high,flags,note";

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

/// Options to import `input` into `out/events.csv` with the vocabularies of `data`.
fn options(
    format: Format,
    input: PathBuf,
    mapping: Option<PathBuf>,
    data: PathBuf,
    out: &Path,
) -> ImportOptions {
    ImportOptions {
        format,
        input,
        out: Some(out.to_path_buf()),
        name: None,
        mapping,
        data,
    }
}

struct Import {
    out: tempfile::TempDir,
    result: Result<ImportSummary, ImportError>,
}

impl Import {
    fn new(format: Format, input: PathBuf, mapping: Option<PathBuf>, data: PathBuf) -> Import {
        let out = tempfile::tempdir().unwrap();
        let result = run(&options(
            format,
            input,
            mapping,
            data,
            &out.path().join("out"),
        ));
        Import { out, result }
    }

    /// An import of a fixture, with the fixture vocabularies.
    fn fixture(format: Format, input: &str, mapping: Option<&str>) -> Import {
        Import::new(
            format,
            fixture(input),
            mapping.map(fixture),
            fixture("data"),
        )
    }

    fn summary(&self) -> &ImportSummary {
        match &self.result {
            Ok(summary) => summary,
            Err(e) => panic!("import failed: {e}"),
        }
    }

    fn error(&self) -> String {
        match &self.result {
            Ok(_) => panic!("expected the import to fail"),
            Err(e) => e.to_string(),
        }
    }

    fn events_path(&self) -> PathBuf {
        self.out.path().join("out/events.csv")
    }

    fn events(&self) -> String {
        std::fs::read_to_string(self.events_path()).unwrap()
    }

    /// Nothing at all was written to the output folder.
    fn wrote_nothing(&self) -> bool {
        let dir = self.out.path().join("out");
        !dir.exists() || std::fs::read_dir(dir).unwrap().next().is_none()
    }
}

fn csv(lines: &[&str]) -> String {
    let mut text = format!("{HEADER}\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[test]
fn ucdp_with_best_high_low_and_iso_dates() {
    let import = Import::fixture(Format::Ucdp, "ucdp/ged231.csv", None);
    assert_eq!(
        import.summary().to_string(),
        "rows read: 6
imported: 5
flagged: 3
  date_range: 2
  killed_low_gt_best: 1
skipped: 1
  no_date: 1
unknown group names: 2 in 2 events
  \"Kashmir insurgents\": 1
  \"Lashkar-e-Jhangvi\": 1 (did you mean lej-alami?)
unknown province names: 1 in 1 event
  \"Sindh province\": 1 (did you mean sindh?)
provinces not looked up (country not in places.csv): 1 event
killed low / best / high: 172 / 173 / 186
to make these names known, put these lines in the vocabularies (check each guess first; a spelling only this dataset uses can go in a mapping file's [values.group] or [values.province] instead):
  groups.csv: replace the row of lej-alami with
    lej-alami,Lashkar-e-Jhangvi Al-Alami,group,,LeJ-A;Al-Alami faction of Lashkar-e-Jhangvi;Lashkar-e-Jhangvi,
  groups.csv: add
    kashmir-insurgents,Kashmir insurgents,group,,,
  places.csv: replace the row of sindh with
    sindh,Sindh,PK,province,Sind;Sindh province,"
    );
    assert_eq!(
        import.events(),
        csv(&[
            "ucdp-1003,ucdp,23.1,1003,2013-03-03,PK,,Sindh province,Karachi district,,Lashkar-e-Jhangvi,,,,Civilians,4,3,3,,,,killed_low_gt_best,",
            "ucdp-1001,ucdp,23.1,1001,2014-12-16,PK,khyber-pakhtunkhwa,Khyber Pakhtunkhwa province,Peshawar district,ttp,TTP,,,,Government of Pakistan,148,150,155,,,,,",
            "ucdp-1006,ucdp,23.1,1006,2016,PK,fata,Federally Administered Tribal Areas,North Waziristan agency,ttp,TTP,,,,Government of Pakistan,13,13,20,,,,date_range,date_end 2016-02-02; date_prec 3",
            "ucdp-1004,ucdp,23.1,1004,2016-07-08,India,,Jammu and Kashmir state,Anantnag district,,Kashmir insurgents,,,,Government of India,2,2,2,,,,,",
            "ucdp-1002,ucdp,23.1,1002,2017-05,PK,balochistan,Balochistan province,Mastung district,is,IS,,,,Civilians,5,5,6,,,,date_range,date_end 2017-05-12; date_prec 2",
        ])
    );
}

#[test]
fn ucdp_with_est_columns_us_dates_and_a_trailing_empty_field() {
    let text = std::fs::read_to_string(fixture("ucdp/GEDEvent_v19_1.csv")).unwrap();
    assert!(text.lines().skip(1).all(|l| l.ends_with(',')));
    let import = Import::fixture(Format::Ucdp, "ucdp/GEDEvent_v19_1.csv", None);
    assert_eq!(
        import.summary().to_string(),
        "rows read: 2
imported: 2
flagged: 0
skipped: 0
unknown group names: 0
unknown province names: 0
killed low / best / high: 32 / 35 / 54"
    );
    assert_eq!(
        import.events(),
        csv(&[
            "ucdp-2002,ucdp,19.1,2002,2008-11-05,PK,fata,Federally Administered Tribal Areas,Bajaur agency,ttp,Tehrik-i-Taliban Pakistan,,,,Government of Pakistan,20,23,40,,,,,",
            "ucdp-2001,ucdp,19.1,2001,2009-03-27,PK,khyber-pakhtunkhwa,North-West Frontier Province,Swat district,ttp,TTP,,,,Government of Pakistan,12,12,14,,,,,",
        ])
    );
}

#[test]
fn acled_with_a_byte_order_mark() {
    let bytes = std::fs::read(fixture("acled/2020-01-01-2020-12-31-Pakistan.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let import = Import::fixture(
        Format::Acled,
        "acled/2020-01-01-2020-12-31-Pakistan.csv",
        None,
    );
    assert_eq!(
        import.summary().to_string(),
        "rows read: 3
imported: 3
flagged: 2
  date_range: 2
skipped: 0
unknown group names: 1 in 1 event
  \"Unidentified Armed Group (Pakistan)\": 1 (did you mean unknown?)
unknown province names: 0
killed low / best / high: 19 / 19 / open (no upper bound for 3 events)
to make these names known, put these lines in the vocabularies (check each guess first; a spelling only this dataset uses can go in a mapping file's [values.group] or [values.province] instead):
  groups.csv: replace the row of unknown with
    unknown,Unknown perpetrator,category,,unidentified;unknown group;Unidentified Armed Group (Pakistan),"
    );
    assert_eq!(
        import.events(),
        csv(&[
            "acled-PAK100,acled,,PAK100,2020-01-15,PK,balochistan,Balochistan,Quetta,,Unidentified Armed Group (Pakistan),,,Suicide bomb,Civilians (Pakistan),15,15,,,,,,",
            "acled-PAK101,acled,,PAK101,2020-02,PK,khyber-pakhtunkhwa,Khyber Pakhtunkhwa,North Waziristan,ttp,Tehrik-i-Taliban Pakistan,,,Armed clash,Military Forces of Pakistan (2018-),4,4,,,,,date_range,time_precision 3",
            "acled-PAK102,acled,,PAK102,2020-03-07,PK,islamabad,Islamabad Capital Territory,Islamabad,isk,ISKP,,,Attack,Civilians (Pakistan),0,0,,,,,date_range,time_precision 2 (within a week)",
        ])
    );
}

#[test]
fn gtd_with_unknown_days_and_doubt() {
    let import = Import::fixture(Format::Gtd, "gtd/globalterrorismdb_0522dist.csv", None);
    assert_eq!(
        import.summary().to_string(),
        "rows read: 5
imported: 4
flagged: 1
  attribution_doubt: 1
  date_range: 1
skipped: 1
  no_date: 1
unknown group names: 2 in 2 events
  \"Baloch Liberation Army (BLA)\": 1
  \"Lashkar-e-Jhangvi\": 1 (did you mean lej-alami?)
unknown province names: 0
killed low / best / high: 20 / 20 / open (no upper bound for 4 events; no figure for 1 event)
to make these names known, put these lines in the vocabularies (check each guess first; a spelling only this dataset uses can go in a mapping file's [values.group] or [values.province] instead):
  groups.csv: replace the row of lej-alami with
    lej-alami,Lashkar-e-Jhangvi Al-Alami,group,,LeJ-A;Al-Alami faction of Lashkar-e-Jhangvi;Lashkar-e-Jhangvi,
  groups.csv: add
    baloch-liberation-army-bla,Baloch Liberation Army (BLA),group,,,"
    );
    // iday 0 → a month date, imonth 0 → a year date; a Windows-1252 byte in
    // an otherwise UTF-8 file is read as Windows-1252.
    assert_eq!(
        import.events(),
        csv(&[
            "gtd-200800000001,gtd,0522,200800000001,2008,PK,fata,Federally Administered Tribal Areas,,unknown,Unknown,,,Armed Assault,Military,,,,,,,,",
            "gtd-201001000003,gtd,0522,201001000003,2010-01,PK,khyber-pakhtunkhwa,Khyber Pakhtunkhwa,Peshawar,ttp,Tehrik-i-Taliban Pakistan (TTP),n,y,Bombing/Explosion,Police,12,12,,30,30,,,",
            "gtd-201206100002,gtd,0522,201206100002,2012-06-10,PK,balochistan,Balochistan,Quetta,,Baloch Liberation Army (BLA),y,n,Bombing/Explosion,Utilities,3,3,,0,0,,date_range;attribution_doubt,\"approxdate June 8-10, 2012; guncertain1=1, doubtterr=1\"",
            "gtd-201301010001,gtd,0522,201301010001,2013-01-01,PK,,,Officers\u{2019} Colony,,Lashkar-e-Jhangvi,n,,Bombing/Explosion,Private Citizens & Property,5,5,,,,,,",
        ])
    );
}

#[test]
fn mapped_with_one_column_counts_constants_and_value_maps() {
    let import = Import::fixture(
        Format::Mapped,
        "mapped/attacks.csv",
        Some("mapped/attacks.toml"),
    );
    assert_eq!(
        import.summary().to_string(),
        "rows read: 4
imported: 3
flagged: 0
skipped: 1
  no_date: 1
unknown group names: 1 in 1 event
  \"Unknown gunmen\": 1 (did you mean unknown?)
unknown province names: 0
killed low / best / high: 9 / 9 / open (no upper bound for 3 events; no figure for 1 event)
to make these names known, put these lines in the vocabularies (check each guess first; a spelling only this dataset uses can go in a mapping file's [values.group] or [values.province] instead):
  groups.csv: replace the row of unknown with
    unknown,Unknown perpetrator,category,,unidentified;unknown group;Unknown gunmen,"
    );
    assert_eq!(
        import.events(),
        csv(&[
            "attacks-1,attacks,2024-01,1,2015-04-03,PK,punjab,Punjab,Lahore,ttp,Pak Taliban,,y,,,7,7,,,,,,\"What: School, \"\"main gate\"\"\"",
            "attacks-3,attacks,2024-01,3,2015-12-13,PK,punjab,Punjab,Multan,,Unknown gunmen,,n,,,2,2,,3,3,,,",
            "attacks-2,attacks,2024-01,2,2016-04,PK,punjab,Punjab,Rawalpindi,,,,,,,,,,12,12,,,What: Market",
        ])
    );
}

#[test]
fn written_events_read_back_unchanged() {
    for (format, input) in [
        (Format::Ucdp, "ucdp/ged231.csv"),
        (Format::Gtd, "gtd/globalterrorismdb_0522dist.csv"),
    ] {
        let import = Import::fixture(format, input, None);
        let events = load_events(&import.events_path()).unwrap();
        assert_eq!(events.len() as u64, import.summary().imported);
        let lines: Vec<String> = events.iter().map(|e| e.to_csv_line()).collect();
        assert_eq!(
            csv(&lines.iter().map(String::as_str).collect::<Vec<_>>()),
            import.events()
        );
    }
}

#[test]
fn missing_columns_are_all_named_with_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ged.csv");
    std::fs::write(
        &input,
        "id,side_a,side_b,adm_1,country,best_est,low\n1,a,b,c,Pakistan,1,1\n",
    )
    .unwrap();
    let import = Import::new(Format::Ucdp, input.clone(), None, fixture("data"));
    assert_eq!(
        import.error(),
        format!(
            "{}:1: missing columns for ucdp: `date_start`, `high` (or `high_est`); the header is: id,side_a,side_b,adm_1,country,best_est,low",
            input.display()
        )
    );
    assert!(import.wrote_nothing());
}

#[test]
fn unreadable_dates_are_located_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ged.csv");
    std::fs::write(
        &input,
        "id,side_a,side_b,adm_1,country,date_start,date_end,best,low,high\n\
         1,\"Government of Pakistan\",TTP,\"a, b\",Pakistan,2017-13-01,,1,1,1\n\
         2,x,y,z,Pakistan,2017-01-01,,1,1,1\n\
         3,x,\"y\nz\",w,Pakistan,2017-01-01,01/32/2017,1,1,1\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("events.csv"), "old").unwrap();
    let options = options(Format::Ucdp, input.clone(), None, fixture("data"), &out);
    let Err(ImportError::Problems(problems)) = run(&options) else {
        panic!("expected located problems");
    };
    let shown: Vec<String> = problems.list().iter().map(|p| p.to_string()).collect();
    let at = input.display();
    assert_eq!(
        shown,
        vec![
            format!("{at}:2:48: date_start: expected a date such as 2019-02-16 or 02/16/2019, found \"2017-13-01\""),
            format!("{at}:5:26: date_end: expected a date such as 2019-02-16 or 02/16/2019, found \"01/32/2017\""),
        ]
    );
    assert!(problems
        .to_string()
        .ends_with("2 problems found; nothing was written"));
    // The old file is untouched and no temporary file is left behind.
    assert_eq!(
        std::fs::read_to_string(out.join("events.csv")).unwrap(),
        "old"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

#[test]
fn bytes_outside_the_declared_encoding_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.csv");
    std::fs::write(
        &input,
        b"Date,Place\n2015-03-04,Quetta\n2015-03-05,Officers\x92 Colony\n",
    )
    .unwrap();
    let mapping = dir.path().join("a.toml");
    std::fs::write(
        &mapping,
        "dataset = \"a\"\n[columns]\ndate = \"Date\"\ndistrict = \"Place\"\n",
    )
    .unwrap();
    let import = Import::new(
        Format::Mapped,
        input.clone(),
        Some(mapping.clone()),
        fixture("data"),
    );
    let error = import.error();
    assert!(
        error.starts_with(&format!(
            "error: {}:3:12: Place: byte 0x92 is not UTF-8; if the file is Windows-1252, say encoding = \"windows-1252\" in the mapping file",
            input.display()
        )),
        "{error}"
    );
    assert!(import.wrote_nothing());

    std::fs::write(&mapping, "dataset = \"a\"\nencoding = \"windows-1252\"\n[columns]\ndate = \"Date\"\ndistrict = \"Place\"\n").unwrap();
    let import = Import::new(Format::Mapped, input, Some(mapping), fixture("data"));
    assert!(import.events().contains(",Officers\u{2019} Colony,"));
}

#[test]
fn unusable_files_and_mappings_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let import = Import::new(Format::Gtd, empty.clone(), None, fixture("data"));
    assert_eq!(
        import.error(),
        format!(
            "{}: the file is empty; expected a header line naming the gtd columns",
            empty.display()
        )
    );

    let missing = dir.path().join("nope.csv");
    let import = Import::new(Format::Acled, missing, None, fixture("data"));
    assert!(
        import.error().contains("cannot read the file"),
        "{}",
        import.error()
    );

    let import = Import::fixture(Format::Mapped, "mapped/attacks.csv", None);
    assert!(
        import.error().contains("needs a mapping file"),
        "{}",
        import.error()
    );

    let header_only = dir.path().join("header.csv");
    std::fs::write(
        &header_only,
        "eventid,iyear,imonth,iday,country_txt,provstate,gname,nkill\n",
    )
    .unwrap();
    let import = Import::new(Format::Gtd, header_only, None, fixture("data"));
    assert!(
        import.error().contains("the file has a header but no rows"),
        "{}",
        import.error()
    );

    let all_skipped = dir.path().join("skipped.csv");
    std::fs::write(
        &all_skipped,
        "eventid,iyear,imonth,iday,country_txt,provstate,gname,nkill\n1,,0,0,Pakistan,Sindh,Unknown,\n2,,0,0,Pakistan,Sindh,Unknown,\n",
    )
    .unwrap();
    let import = Import::new(Format::Gtd, all_skipped, None, fixture("data"));
    assert!(
        import.error().contains(
            "no row could be imported: 2 rows read, all skipped (2 no_date); nothing was written"
        ),
        "{}",
        import.error()
    );
    assert!(import.wrote_nothing());

    let import = Import::new(
        Format::Gtd,
        fixture("gtd/globalterrorismdb_0522dist.csv"),
        None,
        dir.path().to_path_buf(),
    );
    assert!(
        import.error().contains("groups.csv: file not found"),
        "{}",
        import.error()
    );
}

#[test]
fn duplicate_ids_and_broken_rows_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("events.csv");
    std::fs::write(
        &input,
        "eventid,iyear,imonth,iday,country_txt,provstate,gname,nkill\n\
         1,2010,1,1,Pakistan,Sindh,Unknown,1\n\
         1,2010,1,2,Pakistan,Sindh,Unknown,2\n\
         2,2010,1,3,Pakistan,Sindh,Unknown,3,extra\n\
         ,2010,1,4,Pakistan,Sindh,Unknown,4\n",
    )
    .unwrap();
    let import = Import::new(Format::Gtd, input, None, fixture("data"));
    let summary = import.summary();
    assert_eq!(summary.rows_read, 4);
    assert_eq!(summary.imported, 1);
    let skipped: Vec<(&str, u64)> = summary
        .skipped
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        skipped,
        vec![("duplicate_id", 1), ("no_id", 1), ("wrong_field_count", 1)]
    );
    assert_eq!(
        summary.imported + summary.skipped_total(),
        summary.rows_read
    );
}

/// The shipped mapping on the real file.
fn suicide_bombings(out: &Path) -> Result<ImportSummary, ImportError> {
    run(&options(
        Format::Mapped,
        suicide_bombings_file(),
        Some(suicide_bombings_mapping()),
        root().join("data"),
        out,
    ))
}

#[test]
fn the_suicide_bombings_file_imports_with_the_shipped_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let summary = suicide_bombings(dir.path()).unwrap();
    assert_eq!(summary.rows_read, 496);
    assert_eq!(summary.imported + summary.skipped_total(), 496);
    assert_eq!(summary.imported, 496);
    let text = summary.to_string();
    assert!(text.contains("\nunknown province names: 0\n"), "{text}");
    assert!(summary.unknown_provinces.is_empty());
    assert_eq!(
        text.lines().last().unwrap(),
        "killed low / best / high: 5154 / 7319 / open (no upper bound for 16 events; no figure for 12 events)"
    );
    for (flag, n) in [
        ("killed_min_missing", 134),
        ("killed_max_missing", 4),
        ("killed_min_gt_max", 2),
        ("injured_max_unreadable", 3),
        ("weekday_mismatch", 1),
    ] {
        assert_eq!(summary.flags.get(flag), Some(&n), "{flag}\n{text}");
    }

    let events = load_events(&dir.path().join("events.csv")).unwrap();
    assert_eq!(events.len(), 496);
    // Every province spelling resolves, and FATA stays FATA.
    let mut spellings = std::collections::BTreeMap::new();
    for e in &events {
        let province = e
            .province
            .clone()
            .unwrap_or_else(|| panic!("no province: {e:?}"));
        spellings.insert(e.province_raw.clone().unwrap(), province);
        assert_eq!(e.country.as_deref(), Some("PK"));
        assert!(e.date.year() >= 1995 && e.date.year() <= 2017);
    }
    let spellings: Vec<String> = spellings.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(
        spellings,
        vec![
            "AJK=azad-kashmir",
            "Balochistan=balochistan",
            "Baluchistan=balochistan",
            "Capital=islamabad",
            "FATA=fata",
            "Fata=fata",
            "KPK=khyber-pakhtunkhwa",
            "Punjab=punjab",
            "Sindh=sindh",
        ]
    );
    // A blank minimum beside a maximum: low open, best = high = maximum.
    let second = events.iter().find(|e| e.original_id == "2").unwrap();
    assert_eq!(second.date.to_string(), "2000-11-06");
    assert_eq!(second.killed.low, None);
    assert_eq!(second.killed.best, Some(3.0));
    assert_eq!(second.killed.high, Some(3.0));
    assert!(second.flags.contains(&"killed_min_missing".to_string()));
    // Minimum above maximum: kept as given, flagged.
    let inverted = events.iter().find(|e| e.original_id == "129").unwrap();
    assert_eq!(
        (inverted.killed.low, inverted.killed.high),
        (Some(11.0), Some(10.0))
    );
    assert!(inverted.flags.contains(&"killed_min_gt_max".to_string()));
    // Both date spellings.
    let last = events.iter().find(|e| e.original_id == "496").unwrap();
    assert_eq!(last.date.to_string(), "2017-11-25");
    // Sorted by (date, id).
    let keys: Vec<(String, String)> = events
        .iter()
        .map(|e| (e.date.to_string(), e.id.clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = suicide_bombings(a.path()).unwrap();
    let second = suicide_bombings(b.path()).unwrap();
    assert_eq!(first.to_string(), second.to_string());
    let read = |d: &tempfile::TempDir| std::fs::read(d.path().join("events.csv")).unwrap();
    assert!(read(&a) == read(&b), "two runs wrote different bytes");
}

#[test]
fn a_date_no_format_reads_is_located_in_the_real_file() {
    let shipped = std::fs::read_to_string(suicide_bombings_mapping()).unwrap();
    let without_fix = shipped.split("[values.date]").next().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("m.toml");
    std::fs::write(&mapping, without_fix).unwrap();
    let import = Import::new(
        Format::Mapped,
        suicide_bombings_file(),
        Some(mapping),
        root().join("data"),
    );
    let error = import.error();
    assert!(
        error.contains("originalData.csv:543:5: Date: no date format matches \"Thursay-Aug 27-2015\"; tried %A-%B %d-%Y, %A-%B-%d-%Y"),
        "{error}"
    );
    assert!(
        error.ends_with("1 problem found; nothing was written"),
        "{error}"
    );
    assert!(import.wrote_nothing());
}

/// `text` (written with LF line ends) with each line end as `end`, and a
/// byte-order mark first when `bom`: what Excel and old Macs write.
fn with_line_ends(text: &str, end: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom {
        b"\xEF\xBB\xBF".to_vec()
    } else {
        Vec::new()
    };
    bytes.extend(text.replace('\n', end).into_bytes());
    bytes
}

/// Every line-end convention a user's file may come in.
const LINE_ENDS: [(&str, &str, bool); 6] = [
    ("LF", "\n", false),
    ("CRLF", "\r\n", false),
    ("CR", "\r", false),
    ("BOM LF", "\n", true),
    ("BOM CRLF", "\r\n", true),
    ("BOM CR", "\r", true),
];

#[test]
fn problems_in_a_mapped_file_are_placed_the_same_whatever_its_line_ends() {
    // Line breaks inside quoted fields, and a character of two bytes
    // before a bad date: columns count characters.
    let text = "Place,Note,Date\n\
                Quetta,plain,2015-03-04\n\
                Peshawar,\"two\nlines\",2015-13-05\n\
                Lahore,x,2015-03-06\n\
                \"Multi\nline place\",y,2015-14-01\n\
                Pesh\u{101}war,x,2015-02-30\n";
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("m.toml");
    std::fs::write(
        &mapping,
        "dataset = \"a\"\n[columns]\ndate = \"Date\"\ndistrict = \"Place\"\nnote = [\"Note\"]\n",
    )
    .unwrap();
    for (name, end, bom) in LINE_ENDS {
        let input = dir.path().join("a.csv");
        std::fs::write(&input, with_line_ends(text, end, bom)).unwrap();
        let import = Import::new(
            Format::Mapped,
            input,
            Some(mapping.clone()),
            fixture("data"),
        );
        let Err(ImportError::Problems(problems)) = &import.result else {
            panic!("{name}: expected located problems");
        };
        let places: Vec<(usize, usize)> =
            problems.list().iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(places, [(4, 8), (7, 15), (8, 12)], "{name}");
    }
}

#[test]
fn problems_in_events_csv_are_placed_the_same_whatever_its_line_ends() {
    let text = csv(&[
        "x-1,x,,1,2015-02-03,PK,sindh,\"Sindh,\nprovince\",,,,,,,,1,1,1,,,,,",
        "x-2,x,,2,2015-02-30,PK,sindh,,,,,maybe,,,,1,1,1,,,,,",
        "x-3,x,,3,2015-02-04,PK,sindh,,,,,,,,,1,one,1,,,,,",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    for (name, end, bom) in LINE_ENDS {
        std::fs::write(&path, with_line_ends(&text, end, bom)).unwrap();
        let problems = load_events(&path).unwrap_err();
        let places: Vec<(usize, usize)> =
            problems.list().iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(places, [(4, 10), (4, 34), (5, 40)], "{name}");
    }
}
