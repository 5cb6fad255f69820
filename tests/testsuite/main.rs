//! The one integration-test binary: a module per feature, each driving the real `rehearse`.

mod analysis;
