//! rehearse: an offline, local-first mock-interview runner.
//!
//! The binary in `main.rs` only parses the command line and hands it to [`app::main`].
//! Everything else lives in the modules below, pure where it can be, with I/O at the edges.

pub mod analysis;
pub mod app;
pub mod audio;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod keys;
pub mod problem;
pub mod report;
pub mod runner;
pub mod scoring;
pub mod session;
pub mod term;
