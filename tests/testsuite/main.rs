//! The one integration-test binary: a module per feature, each driving the real `rehearse`
//! binary and asserting on files and output.

mod audio;
mod recorder;
mod support;
