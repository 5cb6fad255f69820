//! Sessions: the model stored in `session.json`, the folder store, and picking questions.
//!
//! A session folder is the unit of sharing: `session.json`, `answers/NN-id.wav` and
//! `report.html`. Every change to `session.json` is atomic, and it is saved after every
//! answer and every score, so an interruption loses at most the take in progress.

mod model;
pub mod pick;
pub mod store;

pub use model::*;
