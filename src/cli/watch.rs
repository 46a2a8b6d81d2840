//! `sitrep watch`: `sitrep build`'s plan and edition, built again by the
//! watcher ([`crate::watch`]) on every saved change. The plan is resolved
//! anew at every build, so an edit of sitrep.toml takes effect at once and
//! the watches follow the folders it names; the typesetter is kept for the
//! whole session (fonts, library and Typst's memoized layout stay warm), and
//! made again only when the template folder itself is another one.

use std::process::ExitCode;

use super::args::{BuildArgs, WatchArgs};
use super::build::{build_edition, editions, Plan};
use super::project::{load, load_accounted};
use super::{Failure, Outcome};
use crate::report::render::{Templates, Typesetter};
use crate::watch::{self as watcher, InputKind, Inputs, Rebuild, Session};

pub fn watch(args: &WatchArgs) -> Outcome {
    let session = Session::start().map_err(|e| Failure::Data(e.to_string()))?;
    let mut build = Rebuilder {
        args: build_args(args),
        typesetter: None,
    };
    let inputs = build.first_inputs()?;
    session
        .run(&mut build, inputs)
        .map_err(|e| Failure::Data(e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}

/// The build a watch makes: one edition, never compared, never forced.
fn build_args(args: &WatchArgs) -> BuildArgs {
    BuildArgs {
        data: args.data.clone(),
        out: args.out.clone(),
        template: args.template.clone(),
        as_of: args.as_of,
        quarter: args.quarter,
        all_quarters: false,
        compare_to: None,
        force: false,
        strict: args.strict,
        briefing_pages: args.briefing_pages,
        keep_typst: false,
    }
}

/// The build of a session: its arguments and its typesetter, kept warm.
struct Rebuilder {
    args: BuildArgs,
    typesetter: Option<(Templates, Typesetter)>,
}

impl Rebuilder {
    /// What the first build will read. A bad sitrep.toml, or a data or
    /// template folder that does not exist, ends the command here, as it
    /// ends `sitrep build`; once watching, the same is reported and waited
    /// out (a `git checkout` removes folders for a moment).
    fn first_inputs(&self) -> Result<Inputs, Failure> {
        let plan = Plan::new(&self.args)?;
        if !plan.data.is_dir() {
            // Every command's message for a missing data folder.
            load(&plan.data)?;
        }
        Ok(inputs_of(&plan))
    }

    /// Loads the data as `build` does and builds its edition.
    fn build(&mut self, plan: &Plan) -> Result<watcher::Outcome, Failure> {
        let data = load_accounted(&plan.data, self.args.strict, crate::load::load_dataset)?;
        let typesetter = typesetter_for(&mut self.typesetter, &plan.templates)?;
        let mut written = Vec::new();
        for edition in editions(&self.args, &data) {
            let built = build_edition((&self.args, plan), &data, &edition, (typesetter, None))?;
            written.extend(built.written);
        }
        Ok(match written.is_empty() {
            true => watcher::Outcome::UpToDate,
            false => watcher::Outcome::Written(written),
        })
    }
}

impl watcher::Project for Rebuilder {
    fn rebuild(&mut self) -> Rebuild {
        let plan = match Plan::new(&self.args) {
            Ok(plan) => plan,
            Err(failure) => {
                return Rebuild {
                    inputs: None,
                    outcome: failed(failure),
                }
            }
        };
        Rebuild {
            inputs: Some(inputs_of(&plan)),
            outcome: self.build(&plan).unwrap_or_else(failed),
        }
    }
}

/// The session's typesetter for `templates`: the one kept, or a new one
/// when the templates are another set.
fn typesetter_for<'a>(
    kept: &'a mut Option<(Templates, Typesetter)>,
    templates: &Templates,
) -> Result<&'a Typesetter, Failure> {
    if kept.as_ref().is_none_or(|(set, _)| set != templates) {
        let typesetter = Typesetter::new(templates).map_err(|e| Failure::Data(e.to_string()))?;
        *kept = Some((templates.clone(), typesetter));
    }
    Ok(&kept.as_ref().expect("a typesetter was just kept").1)
}

/// What a build of `plan` reads: the data folder, the template folder, the
/// settings file and the logo; and the output folder, whose changes are the
/// builds' own.
fn inputs_of(plan: &Plan) -> Inputs {
    let mut inputs = Inputs::new(&plan.out).with(InputKind::Data, &plan.data);
    if let Templates::Folder(folder) = &plan.templates {
        inputs = inputs.with(InputKind::Folder, folder);
    }
    if let Some(root) = &plan.project.root {
        inputs = inputs.with(InputKind::File, &root.join(crate::settings::FILE));
    }
    if let Some(logo) = plan.project.logo() {
        inputs = inputs.with(InputKind::File, &logo);
    }
    inputs
}

/// A failed build as the session reports it: as the command would print it.
fn failed(failure: Failure) -> watcher::Outcome {
    watcher::Outcome::Failed(match failure {
        Failure::Usage(message) => format!("error: {message}"),
        Failure::Data(message) => message,
    })
}
