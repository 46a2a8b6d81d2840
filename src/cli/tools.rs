//! The tools on top: `diff`, `import`, `synth`, `init`, `templates export`
//! and `cite`, each a short function over its library module.

use std::path::Path;
use std::process::ExitCode;

use super::args::{CiteArgs, DiffArgs, ImportArgs, InitArgs, SynthArgs, TemplatesAction};
use super::project::{data_dir, load};
use super::{release_at_exit, Failure, Outcome};
use crate::compute::format::plural;
use crate::import::{ImportError, ImportOptions};
use crate::load::Dataset;
use crate::synth::{Profile, Vocabularies};

pub fn diff(args: &DiffArgs) -> Outcome {
    let failure = |e: crate::diff::SideError| match e {
        crate::diff::SideError::Unknown(_) => {
            Failure::Usage(e.to_string().trim_start_matches("error: ").to_string())
        }
        other => Failure::Data(other.to_string()),
    };
    let specs = (args.old.as_str(), args.new.as_str());
    let (old, new) = crate::diff::snapshots(specs, Path::new("."), &args.data_path);
    let (old, new) = (old.map_err(failure)?, new.map_err(failure)?);
    let clock = crate::timing::Stopwatch::start();
    let diff = crate::diff::diff(old.side(), new.side(), args.all);
    clock.lap("diff: compare");
    print!("{}", diff.render(args.format, args.all));
    clock.lap("diff: render");
    release_at_exit((old, new));
    Ok(if args.exit_code && !diff.identical {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `synth`: a synthetic data directory over the bundled vocabularies or
/// `--vocabularies DIR`, drawn with the built-in profile or `--profile FILE`.
pub fn synth(args: &SynthArgs) -> Outcome {
    use crate::synth::{Options, SynthError};
    let (vocabularies, profile) = synth_inputs(args)?;
    let options = Options {
        events: args.events,
        seed: args.seed,
        vocabularies: &vocabularies,
        profile: &profile,
    };
    let summary = crate::synth::synth(&options, &args.out).map_err(|e| match e {
        SynthError::NoEvents => Failure::Usage(e.to_string()),
        SynthError::Vocabularies(_) => Failure::Data(e.to_string()),
        SynthError::Write { .. } => Failure::Data(format!("error: {e}")),
    })?;
    // The built-in profile lists the bundled ids; only the user's own
    // profile is worth a word about ids it names in vain.
    if args.profile.is_some() {
        for unused in &summary.unused {
            eprintln!("warning: {unused}");
        }
    }
    println!(
        "wrote {}: {} incidents, {} casualty estimates, {} sources, {} counts, {} strength estimates",
        args.out.display(), summary.incidents, summary.casualty_estimates, summary.sources, summary.counts, summary.strength
    );
    Ok(ExitCode::SUCCESS)
}

/// The vocabularies and the profile `synth` draws with: a folder not found
/// is bad usage, a profile with problems bad data.
fn synth_inputs(args: &SynthArgs) -> Result<(Vocabularies, Profile), Failure> {
    let missing =
        |path: &Path, what: &str| Failure::Usage(format!("{}: {what} not found", path.display()));
    let vocabularies = match &args.vocabularies {
        Some(dir) if !dir.is_dir() => return Err(missing(dir, "vocabulary folder")),
        Some(dir) => Vocabularies::Folder(dir.clone()),
        None => Vocabularies::Bundled,
    };
    let profile = match &args.profile {
        Some(file) if !file.is_file() => return Err(missing(file, "profile")),
        Some(file) => Profile::read(file),
        None => Profile::bundled(),
    };
    let profile = profile.map_err(|p| Failure::Data(p.to_string()))?;
    Ok((vocabularies, profile))
}

pub fn import(args: &ImportArgs) -> Outcome {
    let (_, data) = data_dir(&args.data)?;
    let data = &data;
    if !args.file.is_file() {
        return Err(Failure::Usage(format!(
            "{}: file not found",
            args.file.display()
        )));
    }
    if !data.is_dir() {
        return Err(Failure::Usage(format!(
            "{}: data directory not found (give the folder holding groups.csv and places.csv with --data)",
            data.display()
        )));
    }
    let options = ImportOptions {
        format: args.format,
        input: args.file.clone(),
        out: args.out.clone(),
        name: args.name.clone(),
        mapping: args.mapping.clone(),
        data: data.clone(),
    };
    let summary = crate::import::run(&options).map_err(|e| match e {
        ImportError::Mapping { .. } | ImportError::Name(_) => Failure::Usage(e.to_string()),
        e => Failure::Data(e.to_string()),
    })?;
    println!("wrote {}", summary.output.display());
    println!("{summary}");
    let default = ImportOptions {
        out: None,
        ..options
    };
    let default = default.events_path(&summary.dataset).ok();
    say_who_reads(data, &summary.output, default.as_deref());
    Ok(ExitCode::SUCCESS)
}

/// Ends an import by saying whether the next build of `data` reads the file
/// written, and if not, where it would and where an import without `--out`
/// (`default`) writes.
fn say_who_reads(data: &Path, written: &Path, default: Option<&Path>) {
    match crate::load::unread_advice(data, written) {
        None if data == Path::new("data") => {
            println!("the next build reads it: {}", written.display())
        }
        None => println!(
            "the next build with --data {} reads it: {}",
            data.display(),
            written.display()
        ),
        Some(advice) => {
            let instead = default.map_or(String::new(), |path| {
                format!(" (without --out, sitrep import writes {})", path.display())
            });
            eprintln!("warning: {}: {advice}{instead}", written.display())
        }
    }
}

pub fn init(args: &InitArgs) -> Outcome {
    let written = crate::init::init(&args.dir).map_err(|e| match e {
        crate::init::InitError::NotEmpty(_) => Failure::Usage(e.to_string()),
        other => Failure::Data(format!("error: {other}")),
    })?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    println!(
        "a new sitrep project in {}: replace the EXAMPLE ROWs in data/, then `sitrep check` and `sitrep build` there (see its README.md)",
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn templates(action: &TemplatesAction) -> Outcome {
    let TemplatesAction::Export { dir } = action;
    let written = crate::report::render::templates::export(dir)
        .map_err(|e| Failure::Usage(format!("{}: {e}", dir.display())))?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    println!("build with them: sitrep build --template {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

/// `cite`: drafts rows for the article's numbers, prints them, and appends
/// them with `--append`.
pub fn cite(args: &CiteArgs) -> Outcome {
    use crate::cite::{self, rows::Origin, Format};
    if !args.file.is_file() {
        let file = args.file.display();
        return Err(Failure::Usage(format!("{file}: article not found")));
    }
    let (_, dir) = data_dir(&args.data)?;
    let data = load(&dir)?;
    let source = data
        .sources
        .get(&args.source)
        .ok_or_else(|| unknown_source(&data, &args.source))?;
    let text = crate::corpus::SourceText::read(&args.file)
        .map_err(|p| Failure::Data(format!("error: {p}")))?;
    if let Some(note) = text.encoding.note() {
        eprintln!("note: {}: {note}", args.file.display());
    }
    let drafts = cite::draft(&text, &data, source);
    let article = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let picked = |n: usize| args.pick.as_ref().is_none_or(|p| p.contains(n));
    let origin = Origin {
        source,
        article: &article,
        data: &data,
    };
    let rows = cite::rows::rows(&drafts, picked, &origin);
    if !args.append {
        match args.format {
            Format::Text => print!("{}", cite::output::listing(&drafts, &article, &data)),
            Format::Csv => print!("{}", cite::output::csv(&rows)),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let appended = cite::append::append(&dir, &rows).map_err(|e| Failure::Data(e.to_string()))?;
    for (file, count) in appended {
        let to = dir.join(file);
        println!(
            "appended {} to {}",
            plural(count as u64, "row", "rows"),
            to.display()
        );
    }
    println!(
        "{}: valid with the new rows; review their notes (what was guessed)",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Bad usage: a source id sources.csv does not have, with the likeliest one.
fn unknown_source(data: &Dataset, id: &str) -> Failure {
    let nearest = data
        .sources
        .keys()
        .map(|k| (strsim::jaro_winkler(k, id), k))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score >= 0.8)
        .map(|(_, k)| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    Failure::Usage(format!(
        "unknown source {}{nearest} (the ids are listed in sources.csv: add a row for the article first)",
        crate::validate::echo(id)
    ))
}
