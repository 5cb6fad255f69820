//! One integration-test binary, a module per feature. Tests drive the real `rehearse`
//! binary and assert on its output and the files it writes.

mod analysis;
mod catalog;
mod common;
mod live;
mod report;
mod run;
mod scoring;
