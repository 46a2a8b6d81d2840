//! sitrep: reproducible, cited statistical reports on militant violence in
//! Pakistan.
//!
//! The pipeline runs in stages, each owning one module, in the order data
//! flows: [`load`] (with [`validate`]) → [`compute`] → [`chart`] → [`render`]
//! → [`output`]. [`build`] strings them together; [`cli`] is the command line
//! on top. [`estimate`] is the value type every stage shares; [`import`]
//! brings outside event datasets into the same schema.

pub mod allocator;
pub mod chart;
pub mod cite;
pub mod cli;
pub mod commands;
pub mod compute;
pub mod corpus;
pub mod date;
pub mod diff;
pub mod document;
pub mod estimate;
pub mod explain;
pub mod figures;
pub mod import;
pub mod load;
pub mod output;
pub mod pipeline;
pub mod problem;
pub mod render;
pub mod revision;
pub mod synth;
pub mod timing;
pub mod validate;
