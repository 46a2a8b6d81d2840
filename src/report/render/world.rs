//! The Typst [`World`] sitrep compiles in: templates read from one folder,
//! the data and the charts as virtual files, and only the embedded fonts.
//!
//! What a template can reach is exactly: the files of its template set
//! (see [`super::templates`]: a folder's, after resolving links, so a
//! symlink cannot lead out), `/data.json`, `/charts/{id}.svg` and the
//! logo. Anything else, `/etc/passwd` or `../../Cargo.toml`
//! included, is an access error. The date Typst sees as "today" is the
//! report's as-of date, never the clock.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::Typesetter;

/// Files that exist only in memory: the data and the charts.
pub type VirtualFiles = BTreeMap<String, Bytes>;

/// Parsed templates, by file. Typst asks for a source at every import, in
/// every document; parsing it again each time is waste, and handing back
/// the same source lets Typst's caches know it at once. A template edited
/// while `sitrep watch` runs is parsed again, incrementally.
#[derive(Default)]
pub struct Sources {
    /// A cache only, never iterated: its order cannot reach an output.
    parsed: Mutex<HashMap<FileId, (Bytes, Source)>>,
}

impl Sources {
    /// The source of file `id`, whose bytes are now `bytes`.
    fn get(&self, id: FileId, bytes: &Bytes) -> FileResult<Source> {
        let text = std::str::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
        let mut parsed = self.parsed.lock().expect("source cache lock");
        let (known, source) = parsed
            .entry(id)
            .or_insert_with(|| (bytes.clone(), Source::new(id, text.to_string())));
        if known != bytes {
            source.replace(text);
            *known = bytes.clone();
        }
        Ok(source.clone())
    }
}

/// One compilation's world: shared fonts and library, one main file.
pub struct ReportWorld<'a> {
    typesetter: &'a Typesetter,
    main: FileId,
    virtual_files: &'a VirtualFiles,
    today: Datetime,
    /// Files read so far (a cache only: never iterated, so its order cannot
    /// reach an output), so each is read (and checked) once per compilation.
    cache: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

/// The file id of a path inside the project root, e.g. `/report.typ`.
pub fn file_id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

impl<'a> ReportWorld<'a> {
    pub fn new(
        typesetter: &'a Typesetter,
        main: FileId,
        virtual_files: &'a VirtualFiles,
        today: Datetime,
    ) -> Self {
        ReportWorld {
            typesetter,
            main,
            virtual_files,
            today,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The path shown for a file in messages: the template folder joined
    /// with the virtual path.
    pub fn display_name(&self, id: FileId) -> String {
        let vpath = id.vpath().get_without_slash();
        if self.virtual_files.contains_key(vpath) {
            return format!("<{vpath}>");
        }
        self.typesetter.templates.display(vpath)
    }

    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "packages are not available to sitrep templates".into(),
            )));
        }
        let vpath = id.vpath().get_without_slash();
        if let Some(bytes) = self.virtual_files.get(vpath) {
            return Ok(bytes.clone());
        }
        self.typesetter.templates.read(vpath).map(Bytes::new)
    }
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.typesetter.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.typesetter.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.typesetter.sources.get(id, &self.file(id)?)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let mut cache = self.cache.lock().expect("file cache lock");
        cache.entry(id).or_insert_with(|| self.load(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.typesetter.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
