//! Scoring answers against the session's rubric: which item comes next, how entered values
//! land in a score sheet, scripted scores files, and the per-principle summary.
//!
//! Everything here is pure: it takes a [`Session`] and returns data or changes the session
//! in memory. Reading keys, printing and saving live in `commands::score`, which calls these
//! functions after every key press so that quitting at any point loses nothing.

pub mod card;
pub mod player;
pub mod prompt;
pub mod scores_file;
pub mod summary;

use chrono::{DateTime, Local};

use crate::session::{AnswerStatus, Mark, ScoreSheet, Scores, Session};

pub use player::{AnswerPlayer, NoPlayer};

/// Whose scores are being entered. Self and coach scores live apart in `session.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    /// The candidate's own scores (`scores.self`).
    #[value(name = "self")]
    Candidate,
    /// A coach's scores (`scores.coach`, with the coach's name in `by`).
    Coach,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Candidate => "self",
            Role::Coach => "coach",
        }
    }
    pub fn sheet(self, scores: &Scores) -> Option<&ScoreSheet> {
        match self {
            Role::Candidate => scores.self_.as_ref(),
            Role::Coach => scores.coach.as_ref(),
        }
    }
    /// The sheet this role writes; the other role's sheet is never reachable from here.
    pub fn slot(self, scores: &mut Scores) -> &mut Option<ScoreSheet> {
        match self {
            Role::Candidate => &mut scores.self_,
            Role::Coach => &mut scores.coach,
        }
    }
}

/// One thing the walk-through asks about an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A principle's score on the rubric scale.
    Principle(String),
    /// The optional one-line note on a principle.
    PrincipleNote(String),
    /// A structure criterion: y / p / n.
    Criterion(String),
    /// The optional overall note.
    Note,
    /// The optional "one thing to do better next time".
    Improve,
}

impl Item {
    /// Items that must be filled for a sheet to be complete.
    pub fn is_required(&self) -> bool {
        matches!(self, Item::Principle(_) | Item::Criterion(_))
    }
}

/// An item for the answer at `answer` (index into `session.answers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub answer: usize,
    pub item: Item,
}

/// Every item of one answer, in walk-through order.
pub fn items_for(session: &Session, answer: usize) -> Vec<Item> {
    let q = &session.questions[answer];
    let mut items = Vec::new();
    for p in &q.principles {
        items.push(Item::Principle(p.clone()));
        items.push(Item::PrincipleNote(p.clone()));
    }
    for c in session.rubric.criteria_for(q.category) {
        items.push(Item::Criterion(c.id.clone()));
    }
    items.push(Item::Note);
    items.push(Item::Improve);
    items
}

/// What the walk-through will ask, in order.
///
/// With `only`, every item of that answer (a revisit: earlier values become defaults).
/// Otherwise, for each recorded answer whose sheet is not complete: the principles and
/// criteria still missing (a principle's note right after its score), then the overall note
/// and the improvement. Complete answers and unrecorded ones are not asked about, so running
/// `score` again resumes exactly where the last run stopped.
pub fn plan(session: &Session, role: Role, only: Option<usize>) -> Vec<Step> {
    if let Some(i) = only {
        return items_for(session, i)
            .into_iter()
            .map(|item| Step { answer: i, item })
            .collect();
    }
    let mut steps = Vec::new();
    for (i, q, a) in session.recorded() {
        let sheet = role.sheet(&a.scores);
        if session.sheet_complete(q, sheet) {
            continue;
        }
        let has_principle = |p: &str| sheet.is_some_and(|s| s.principles.contains_key(p));
        let has_criterion = |c: &str| sheet.is_some_and(|s| s.criteria.contains_key(c));
        for item in items_for(session, i) {
            let ask = match &item {
                Item::Principle(p) | Item::PrincipleNote(p) => !has_principle(p),
                Item::Criterion(c) => !has_criterion(c),
                Item::Note | Item::Improve => true,
            };
            if ask {
                steps.push(Step { answer: i, item });
            }
        }
    }
    steps
}

/// Where `score` would resume: the first required item not yet scored.
pub fn resume_point(session: &Session, role: Role) -> Option<Step> {
    plan(session, role, None)
        .into_iter()
        .find(|s| s.item.is_required())
}

/// Number of required items not yet scored, over all recorded answers.
pub fn remaining(session: &Session, role: Role) -> usize {
    plan(session, role, None)
        .iter()
        .filter(|s| s.item.is_required())
        .count()
}

/// A value entered for one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Score(u8),
    Mark(Mark),
    /// A note; `None` clears it.
    Text(Option<String>),
}

/// The value an item holds now, shown as the default when it is asked again.
pub fn current(session: &Session, role: Role, step: &Step) -> Option<Value> {
    let sheet = role.sheet(&session.answers[step.answer].scores)?;
    match &step.item {
        Item::Principle(p) => sheet.principles.get(p).map(|v| Value::Score(*v)),
        Item::PrincipleNote(p) => sheet.notes.get(p).map(|t| Value::Text(Some(t.clone()))),
        Item::Criterion(c) => sheet.criteria.get(c).map(|m| Value::Mark(*m)),
        Item::Note => sheet.note.clone().map(|t| Value::Text(Some(t))),
        Item::Improve => sheet.improve.clone().map(|t| Value::Text(Some(t))),
    }
}

/// Put `value` into the role's sheet for `step`, then [`finish_sheet`].
/// Returns `false` (and changes nothing) when the value does not fit the item.
pub fn set(
    session: &mut Session,
    role: Role,
    by: Option<&str>,
    step: &Step,
    value: Value,
    now: DateTime<Local>,
) -> bool {
    let fits = matches!(
        (&step.item, &value),
        (Item::Principle(_), Value::Score(_))
            | (Item::Criterion(_), Value::Mark(_))
            | (
                Item::PrincipleNote(_) | Item::Note | Item::Improve,
                Value::Text(_)
            )
    );
    if !fits {
        return false;
    }
    let slot = role.slot(&mut session.answers[step.answer].scores);
    let sheet = slot.get_or_insert_with(ScoreSheet::default);
    let text = |t: Option<String>| t.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    match (&step.item, value) {
        (Item::Principle(p), Value::Score(v)) => {
            sheet.principles.insert(p.clone(), v);
        }
        (Item::Criterion(c), Value::Mark(m)) => {
            sheet.criteria.insert(c.clone(), m);
        }
        (Item::PrincipleNote(p), Value::Text(t)) => match text(t) {
            Some(t) => {
                sheet.notes.insert(p.clone(), t);
            }
            None => {
                sheet.notes.remove(p);
            }
        },
        (Item::Note, Value::Text(t)) => sheet.note = text(t),
        (Item::Improve, Value::Text(t)) => sheet.improve = text(t),
        _ => unreachable!("checked above"),
    }
    finish_sheet(session, role, by, step.answer, now);
    true
}

/// After a change to a sheet: record who scored (coach only), stamp `scored_at` when the
/// sheet is complete (clear it when it is not), and recompute the session status.
pub fn finish_sheet(
    session: &mut Session,
    role: Role,
    by: Option<&str>,
    answer: usize,
    now: DateTime<Local>,
) {
    let complete = {
        let q = &session.questions[answer];
        session.sheet_complete(q, role.sheet(&session.answers[answer].scores))
    };
    if let Some(sheet) = role.slot(&mut session.answers[answer].scores) {
        if role == Role::Coach {
            sheet.by = by.map(str::to_string);
        }
        sheet.scored_at = complete.then_some(now);
    }
    session.refresh_status();
}

/// Index of the answer to `question` if it was recorded.
pub fn recorded_answer(session: &Session, question: &str) -> Option<usize> {
    session
        .recorded()
        .find(|(_, q, _)| q.id == question)
        .map(|(i, _, _)| i)
}

/// Does the session have this question at all, and was it recorded?
pub fn answer_status(session: &Session, question: &str) -> Option<AnswerStatus> {
    session
        .questions
        .iter()
        .position(|q| q.id == question)
        .map(|i| session.answers[i].status)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::catalog::{Catalog, Question};
    use crate::session::{Settings, Status};

    /// A session over embedded questions: a behavioral one (1 principle, 6 criteria), a
    /// skipped one, and a system-design one (3 principles, 6 criteria); both others recorded.
    pub fn session() -> Session {
        let catalog = Catalog::load(&[], &[]).unwrap();
        let set = catalog.set("amazon-lp").unwrap();
        let rubric = catalog.rubric_for(set).unwrap();
        let qs: Vec<Question> = [
            "outage-trust-rebuild",
            "outside-your-remit",
            "zero-loss-rollback",
        ]
        .iter()
        .map(|id| set.question(id).unwrap().clone())
        .collect();
        let mut s = Session::new("s1".into(), set, rubric, qs, Settings::default());
        s.answers[0].status = AnswerStatus::Recorded;
        s.answers[1].status = AnswerStatus::Skipped;
        s.answers[2].status = AnswerStatus::Recorded;
        s.refresh_status();
        s
    }

    fn now() -> DateTime<Local> {
        Local::now()
    }

    fn fill(s: &mut Session, role: Role, answer: usize, by: Option<&str>) {
        for item in items_for(s, answer) {
            let v = match &item {
                Item::Principle(_) => Value::Score(3),
                Item::Criterion(_) => Value::Mark(Mark::Yes),
                _ => continue,
            };
            assert!(set(s, role, by, &Step { answer, item }, v, now()));
        }
    }

    #[test]
    fn plan_walks_recorded_answers_only_in_order() {
        let s = session();
        let steps = plan(&s, Role::Candidate, None);
        assert!(steps.iter().all(|st| st.answer != 1));
        assert_eq!(
            steps[0],
            Step {
                answer: 0,
                item: Item::Principle("earn-trust".into())
            }
        );
        assert_eq!(steps[1].item, Item::PrincipleNote("earn-trust".into()));
        // 1 principle (+note) + 6 criteria + note + improve, then 3 (+notes) + 6 + 2.
        assert_eq!(steps.len(), 2 + 6 + 2 + 6 + 6 + 2);
        assert_eq!(remaining(&s, Role::Candidate), 1 + 6 + 3 + 6);
    }

    #[test]
    fn resume_starts_at_the_first_unscored_item_and_skips_done_ones() {
        let mut s = session();
        fill(&mut s, Role::Candidate, 0, None);
        let st = Step {
            answer: 2,
            item: Item::Principle("insist-on-the-highest-standards".into()),
        };
        assert!(set(
            &mut s,
            Role::Candidate,
            None,
            &st,
            Value::Score(2),
            now()
        ));
        let r = resume_point(&s, Role::Candidate).unwrap();
        assert_eq!(r.answer, 2);
        assert_eq!(r.item, Item::Principle("deliver-results".into()));
        let steps = plan(&s, Role::Candidate, None);
        assert!(steps.iter().all(|x| x.answer == 2));
        assert!(!steps.iter().any(|x| x.item == st.item));
        // The coach has scored nothing yet.
        assert_eq!(resume_point(&s, Role::Coach).unwrap().answer, 0);
    }

    #[test]
    fn complete_sheets_are_stamped_and_the_status_follows() {
        let mut s = session();
        assert_eq!(s.status, Status::Recorded);
        fill(&mut s, Role::Candidate, 0, None);
        assert!(
            s.answers[0]
                .scores
                .self_
                .as_ref()
                .unwrap()
                .scored_at
                .is_some()
        );
        assert_eq!(s.status, Status::Recorded);
        fill(&mut s, Role::Candidate, 2, None);
        assert_eq!(s.status, Status::Scored);
        assert!(resume_point(&s, Role::Candidate).is_none());
        assert!(plan(&s, Role::Candidate, None).is_empty());
        // A revisit asks everything again, with the current values as defaults.
        let again = plan(&s, Role::Candidate, Some(0));
        assert_eq!(again.len(), 2 + 6 + 2);
        assert_eq!(
            current(&s, Role::Candidate, &again[0]),
            Some(Value::Score(3))
        );
    }

    #[test]
    fn coach_scores_never_touch_self() {
        let mut s = session();
        fill(&mut s, Role::Candidate, 0, None);
        let before = s.answers[0].scores.self_.clone();
        fill(&mut s, Role::Coach, 0, Some("Dana"));
        let st = Step {
            answer: 0,
            item: Item::Principle("earn-trust".into()),
        };
        set(
            &mut s,
            Role::Coach,
            Some("Dana"),
            &st,
            Value::Score(1),
            now(),
        );
        assert_eq!(s.answers[0].scores.self_, before);
        let coach = s.answers[0].scores.coach.as_ref().unwrap();
        assert_eq!(coach.by.as_deref(), Some("Dana"));
        assert_eq!(coach.principles["earn-trust"], 1);
        assert!(before.unwrap().by.is_none());
    }

    #[test]
    fn notes_are_trimmed_and_empty_clears() {
        let mut s = session();
        let st = Step {
            answer: 0,
            item: Item::PrincipleNote("earn-trust".into()),
        };
        set(
            &mut s,
            Role::Candidate,
            None,
            &st,
            Value::Text(Some("  good  ".into())),
            now(),
        );
        assert_eq!(
            current(&s, Role::Candidate, &st),
            Some(Value::Text(Some("good".into())))
        );
        set(&mut s, Role::Candidate, None, &st, Value::Text(None), now());
        assert_eq!(current(&s, Role::Candidate, &st), None);
        // A value of the wrong kind changes nothing.
        let before = s.clone();
        assert!(!set(
            &mut s,
            Role::Candidate,
            None,
            &st,
            Value::Score(2),
            now()
        ));
        assert_eq!(s, before);
    }
}
