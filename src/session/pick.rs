//! Choosing which questions to ask: in order, at random (seeded), or the weakest first.
//!
//! Pure functions over the catalog and the session history; the runner does the I/O.

use std::collections::{BTreeMap, BTreeSet};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::model::{AnswerStatus, Session};
use crate::catalog::Question;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PickMode {
    /// The first N matching questions, in the set's order.
    InOrder,
    /// N matching questions at random (reproducible with --seed).
    Random,
    /// Questions whose principles scored lowest so far, then the least practised.
    Weakest,
}

impl PickMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PickMode::InOrder => "in-order",
            PickMode::Random => "random",
            PickMode::Weakest => "weakest",
        }
    }
}

/// What past sessions say: per-principle average score and per-question practice.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct History {
    /// principle id → (sum of scores, number of scores).
    pub principle_scores: BTreeMap<String, (f64, usize)>,
    /// (set id, question id) → number of recorded answers.
    pub practised: BTreeMap<(String, String), usize>,
    /// (set id, question id) → the average self score of its latest scored answer.
    pub last_score: BTreeMap<(String, String), f64>,
}

impl History {
    /// Build from sessions, oldest first. Self scores count; a coach score counts where
    /// there is no self score.
    pub fn from_sessions<'a>(sessions: impl IntoIterator<Item = &'a Session>) -> Self {
        let mut h = History::default();
        for s in sessions {
            for (q, a) in s.questions.iter().zip(&s.answers) {
                if a.status != AnswerStatus::Recorded {
                    continue;
                }
                let key = (s.set.id.clone(), q.id.clone());
                *h.practised.entry(key.clone()).or_default() += 1;
                let sheet = a.scores.self_.as_ref().or(a.scores.coach.as_ref());
                if let Some(sheet) = sheet.filter(|s| !s.principles.is_empty()) {
                    for (p, v) in &sheet.principles {
                        let e = h.principle_scores.entry(p.clone()).or_default();
                        e.0 += f64::from(*v);
                        e.1 += 1;
                    }
                    let avg = sheet
                        .principles
                        .values()
                        .map(|v| f64::from(*v))
                        .sum::<f64>()
                        / sheet.principles.len() as f64;
                    h.last_score.insert(key, avg);
                }
            }
        }
        h
    }

    pub fn principle_average(&self, id: &str) -> Option<f64> {
        self.principle_scores
            .get(id)
            .map(|(sum, n)| sum / *n as f64)
    }

    pub fn practised(&self, set: &str, question: &str) -> usize {
        self.practised
            .get(&(set.to_string(), question.to_string()))
            .copied()
            .unwrap_or(0)
    }
}

/// Pick up to `count` questions from `candidates` (already filtered).
pub fn pick(
    candidates: &[Question],
    set_id: &str,
    count: usize,
    mode: PickMode,
    seed: u64,
    history: &History,
    neutral_score: f64,
) -> Vec<Question> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    match mode {
        PickMode::InOrder => candidates.iter().take(count).cloned().collect(),
        PickMode::Random => {
            let mut all = candidates.to_vec();
            all.shuffle(&mut rng);
            all.truncate(count);
            all
        }
        PickMode::Weakest => weakest(candidates, set_id, count, &mut rng, history, neutral_score),
    }
}

/// Greedy: at each step take the question with the lowest average principle score
/// (unscored principles count as `neutral`), then the least practised, then the one adding
/// the most principles not yet covered, then a seeded coin.
fn weakest(
    candidates: &[Question],
    set_id: &str,
    count: usize,
    rng: &mut ChaCha8Rng,
    history: &History,
    neutral: f64,
) -> Vec<Question> {
    let mut remaining: Vec<(&Question, u64)> =
        candidates.iter().map(|q| (q, rng.random())).collect();
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    let mut picked = Vec::new();
    while picked.len() < count && !remaining.is_empty() {
        let key = |q: &Question, coin: u64| {
            let weakness = q
                .principles
                .iter()
                .map(|p| history.principle_average(p).unwrap_or(neutral))
                .sum::<f64>()
                / q.principles.len().max(1) as f64;
            let new = q
                .principles
                .iter()
                .filter(|p| !covered.contains(p.as_str()))
                .count();
            // Scores in tenths so the float compares as an integer.
            (
                (weakness * 10.0).round() as i64,
                history.practised(set_id, &q.id),
                usize::MAX - new,
                coin,
            )
        };
        let best = (0..remaining.len())
            .min_by_key(|&i| key(remaining[i].0, remaining[i].1))
            .expect("non-empty");
        let (q, _) = remaining.swap_remove(best);
        covered.extend(q.principles.iter().map(String::as_str));
        picked.push(q.clone());
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Category, Difficulty};

    fn q(id: &str, principles: &[&str]) -> Question {
        Question {
            id: id.into(),
            text: format!("question {id}"),
            category: Category::Behavioral,
            difficulty: Difficulty::Easy,
            principles: principles.iter().map(|s| s.to_string()).collect(),
            prep_seconds: 1,
            answer_seconds: 5,
            follow_ups: vec![],
        }
    }

    fn bank() -> Vec<Question> {
        vec![
            q("a", &["x"]),
            q("b", &["x", "y"]),
            q("c", &["z"]),
            q("d", &["y"]),
            q("e", &["w", "z"]),
        ]
    }

    #[test]
    fn in_order_takes_the_first() {
        let got = pick(
            &bank(),
            "s",
            2,
            PickMode::InOrder,
            0,
            &History::default(),
            2.5,
        );
        assert_eq!(
            got.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn random_is_reproducible_with_a_seed_and_varies_without() {
        let a = pick(
            &bank(),
            "s",
            3,
            PickMode::Random,
            7,
            &History::default(),
            2.5,
        );
        let b = pick(
            &bank(),
            "s",
            3,
            PickMode::Random,
            7,
            &History::default(),
            2.5,
        );
        assert_eq!(a, b);
        let differs = (0..20).any(|s| {
            pick(
                &bank(),
                "s",
                3,
                PickMode::Random,
                s,
                &History::default(),
                2.5,
            ) != a
        });
        assert!(differs);
    }

    #[test]
    fn weakest_without_history_covers_most_principles() {
        let got = pick(
            &bank(),
            "s",
            2,
            PickMode::Weakest,
            1,
            &History::default(),
            2.5,
        );
        let covered: BTreeSet<&str> = got
            .iter()
            .flat_map(|q| q.principles.iter().map(String::as_str))
            .collect();
        assert_eq!(covered.len(), 4, "{got:?}");
    }

    #[test]
    fn weakest_prefers_low_scores_then_least_practised() {
        let mut h = History::default();
        h.principle_scores.insert("z".into(), (1.0, 1));
        h.principle_scores.insert("x".into(), (4.0, 1));
        let got = pick(&bank(), "s", 1, PickMode::Weakest, 1, &h, 2.5);
        assert_eq!(got[0].id, "c");
        h.practised.insert(("s".into(), "c".into()), 3);
        h.principle_scores.insert("w".into(), (1.0, 1));
        // e: (w=1, z=1) avg 1.0, never practised → before c (z=1, practised 3).
        let got = pick(&bank(), "s", 2, PickMode::Weakest, 1, &h, 2.5);
        assert_eq!(
            got.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(),
            ["e", "c"]
        );
    }
}
