//! Typesetting PDFs in-process with Typst.
//!
//! A [`Typesetter`] loads the embedded fonts (Typst's, plus Noto Naskh
//! Arabic) and the standard library once per build; each [`Typesetter::typeset`] compiles one template of the
//! template folder against the data (virtual `/data.json`) and the charts
//! (virtual `/charts/{id}.svg`), and exports a PDF whose timestamp is given,
//! never read from the clock.
//!
//! Every PDF is exported as PDF/A-2b (archival: fonts embedded, metadata
//! in XMP) and PDF/UA-1 (accessible: tagged, with a title, a language and
//! alternative text for every image). Typst checks both while exporting; a
//! template that breaks a rule fails the build with the rule and its place.

mod diagnostics;
pub mod glyphs;
pub mod templates;
pub mod trace;
pub mod world;

use chrono::{Datelike, NaiveDateTime, Timelike};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::text::Font;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use templates::Templates;
use world::{file_id, ReportWorld, VirtualFiles};

/// Fonts sitrep adds to Typst's embedded ones, compiled into the binary
/// (see `assets/fonts/README.md`): Urdu and Pashto. Every font is parsed
/// at each build, so only fonts the reports set text in belong here (a
/// colour emoji font was 11 MB of the binary and a share of each build).
const EXTRA_FONTS: [&[u8]; 2] = [
    include_bytes!("../../../assets/fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoNaskhArabic-Bold.ttf"),
];

/// Why a document could not be typeset.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Errors in a template, formatted with file:line:column.
    #[error("{0}")]
    Template(String),
    #[error("templates: {0}")]
    Templates(String),
    #[error("PDF export failed: {0}")]
    Export(String),
}

/// A typeset document.
pub struct Typeset {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// Fonts, library and template folder, shared by every document of a build.
pub struct Typesetter {
    pub(crate) templates: Templates,
    pub(crate) fonts: FontStore,
    pub(crate) library: LazyHash<Library>,
    /// Templates parsed so far, kept across documents and rebuilds.
    pub(crate) sources: world::Sources,
}

impl Typesetter {
    /// Prepares to typeset `templates` with the embedded fonts.
    pub fn new(templates: &Templates) -> Result<Typesetter, RenderError> {
        templates.check().map_err(RenderError::Templates)?;
        let mut fonts = FontStore::new();
        fonts.extend(typst_kit::fonts::embedded());
        for data in EXTRA_FONTS.iter().copied() {
            fonts.extend(Font::iter(Bytes::new(data)).map(|font| {
                let info = font.info().clone();
                (font, info)
            }));
        }
        let library = LazyHash::new(Library::builder().build());
        Ok(Typesetter {
            templates: templates.clone(),
            fonts,
            library,
            sources: world::Sources::default(),
        })
    }

    /// Writes a recording started with [`trace::Trace::from_env`] before
    /// typesetting documents with `files`.
    pub fn write_trace(&self, trace: trace::Trace, files: &VirtualFiles) -> Result<(), String> {
        let main = file_id("report.typ").ok_or("bad template name")?;
        let epoch = Datetime::from_ymd(1970, 1, 1).ok_or("bad date")?;
        trace.write(&ReportWorld::new(self, main, files, epoch))
    }

    /// Which characters the embedded fonts can show (see [`glyphs`]).
    pub fn glyphs(&self) -> glyphs::Glyphs<'_> {
        glyphs::Glyphs::new(self.fonts.book())
    }

    /// Compiles `main` (a file in the template folder, e.g. `report.typ`)
    /// with `files` as virtual files, and exports it as PDF stamped `when`.
    pub fn typeset(
        &self,
        main: &str,
        files: &VirtualFiles,
        when: NaiveDateTime,
    ) -> Result<Typeset, RenderError> {
        let main_id = file_id(main)
            .ok_or_else(|| RenderError::Templates(format!("bad template name {main}")))?;
        let stamp = datetime(when);
        let today =
            Datetime::from_ymd(when.year(), when.month() as u8, when.day() as u8).unwrap_or(stamp);
        let world = ReportWorld::new(self, main_id, files, today);
        let clock = crate::timing::Stopwatch::start();
        let warned = typst::compile::<PagedDocument>(&world);
        clock.lap(&format!("{main}: layout"));
        let document = warned
            .output
            .map_err(|errors| RenderError::Template(diagnostics::format(&world, &errors)))?;
        let options = PdfOptions {
            // Derived from the document's title and author, as the typst
            // CLI does, so that `typst compile` on the inputs `build
            // --keep-typst` keeps gives these very bytes.
            ident: Smart::Auto,
            timestamp: Some(Timestamp::new_utc(stamp)),
            standards: standards(),
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options)
            .map_err(|errors| RenderError::Export(diagnostics::format(&world, &errors)))?;
        clock.lap(&format!("{main}: PDF"));
        Ok(Typeset {
            pdf,
            pages: document.pages().len(),
        })
    }
}

fn datetime(when: NaiveDateTime) -> Datetime {
    let (y, mo, d) = (when.year(), when.month() as u8, when.day() as u8);
    let (h, mi, s) = (when.hour() as u8, when.minute() as u8, when.second() as u8);
    Datetime::from_ymd_hms(y, mo, d, h, mi, s).expect("a valid calendar date and time")
}

/// The standards every document conforms to: archival PDF/A-2b and
/// accessible PDF/UA-1, which Typst allows together.
fn standards() -> PdfStandards {
    PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1])
        .expect("PDF/A-2b and PDF/UA-1 go together")
}
