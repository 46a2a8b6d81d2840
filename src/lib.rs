//! sitrep: reproducible, cited statistical reports on militant violence in
//! Pakistan.
//!
//! The pipeline runs in stages, each owning one module, in the order data
//! flows, each using only the layers below it:
//!
//! - ground: [`estimate`] (the value with its range every stage shares),
//!   [`date`], [`problem`] (located errors), [`output`] (atomic writes, the
//!   build cache), [`settings`] (sitrep.toml), [`timing`], [`allocator`];
//! - [`load`]: the data directory, every file in it, with positions;
//!   [`validate`]: field rules and vocabularies;
//! - [`compute`]: the metrics, each a small named rule over the records;
//! - [`report`]: charts, the document model, typesetting with Typst, and the
//!   build that strings them together; [`revision`]: as-of editions;
//! - tools on top, which nothing below depends on: [`import`] (outside event
//!   datasets), [`diff`] (what moved between revisions), [`synth`]
//!   (synthetic data for benchmarks), [`explain`] (where a number comes
//!   from), [`init`] (a new project), [`watch`] (the build again on every
//!   saved change);
//! - [`cli`]: the command line, over everything else.

pub mod allocator;
pub mod cite;
pub mod cli;
pub mod compute;
pub mod corpus;
pub mod date;
pub mod diff;
pub mod estimate;
pub mod explain;
pub mod import;
pub mod init;
pub mod load;
pub mod output;
pub mod problem;
pub mod report;
pub mod revision;
pub mod settings;
pub mod synth;
pub mod timing;
pub mod validate;
pub mod watch;
