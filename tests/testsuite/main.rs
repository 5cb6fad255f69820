//! One integration-test binary, a module per feature. Tests drive the real `rehearse`
//! binary and assert on its output and the files it writes.

mod analysis;
mod audio;
mod catalog;
mod common;
mod live;
mod recorder;
mod report;
mod run;
mod scoring;
mod support;
