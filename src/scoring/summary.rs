//! Per-principle averages for a session and the change since the last earlier session that
//! scored the same principle.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Local};
use serde::Serialize;

use super::Role;
use super::card::shorten;
use crate::session::Session;

/// One principle's line in the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipleSummary {
    pub id: String,
    pub name: String,
    pub average: f64,
    /// How many answers scored it in this session.
    pub count: usize,
    pub previous: Option<Previous>,
}

/// The same principle in the latest earlier session that scored it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Previous {
    pub session: String,
    pub created: DateTime<Local>,
    pub average: f64,
}

impl PrincipleSummary {
    pub fn change(&self) -> Option<f64> {
        self.previous.as_ref().map(|p| self.average - p.average)
    }
}

/// principle id → (sum of scores, number of scores).
type Totals = BTreeMap<String, (f64, usize)>;

/// principle id → (sum, count) over the role's sheets of the session's recorded answers.
fn totals(session: &Session, role: Role) -> Totals {
    let mut t = Totals::new();
    for (_, _, a) in session.recorded() {
        if let Some(sheet) = role.sheet(&a.scores) {
            for (p, v) in &sheet.principles {
                let e = t.entry(p.clone()).or_default();
                e.0 += f64::from(*v);
                e.1 += 1;
            }
        }
    }
    t
}

/// Averages for `session`, in rubric order, each with the latest session from `history`
/// that was created before it and scored that principle (same role).
pub fn summarize<'a>(
    session: &Session,
    history: impl IntoIterator<Item = &'a Session>,
    role: Role,
) -> Vec<PrincipleSummary> {
    let mut earlier: Vec<&Session> = history
        .into_iter()
        .filter(|s| s.id != session.id && s.created < session.created)
        .collect();
    earlier.sort_by_key(|s| s.created);
    let now = totals(session, role);
    let past: Vec<(&Session, Totals)> = earlier.iter().map(|s| (*s, totals(s, role))).collect();
    let mut rows = Vec::new();
    for p in &session.rubric.principles {
        let Some((sum, n)) = now.get(&p.id) else {
            continue;
        };
        let previous = past.iter().rev().find_map(|(s, t)| {
            t.get(&p.id).map(|(sum, n)| Previous {
                session: s.id.clone(),
                created: s.created,
                average: sum / *n as f64,
            })
        });
        rows.push(PrincipleSummary {
            id: p.id.clone(),
            name: p.name.clone(),
            average: sum / *n as f64,
            count: *n,
            previous,
        });
    }
    rows
}

/// The summary as a table at most `width` columns wide.
pub fn render(rows: &[PrincipleSummary], role: Role, width: usize) -> String {
    if rows.is_empty() {
        return "No principle scored yet.\n".to_string();
    }
    // NAME  AVG  N  PREVIOUS (DATE)  CHANGE: the fixed columns take 34.
    let name_w = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(9)
        .clamp(9, width.saturating_sub(34).max(12));
    let who = match role {
        Role::Candidate => "Self scores",
        Role::Coach => "Coach scores",
    };
    let mut text = format!("{who}: average per principle, and change since the last session\n");
    let _ = writeln!(
        text,
        "{:name_w$}  {:>4}  {:>2}  {:>16}  {:>6}",
        "PRINCIPLE", "AVG", "N", "PREVIOUS", "CHANGE"
    );
    for r in rows {
        let (prev, change) = match (&r.previous, r.change()) {
            (Some(p), Some(c)) => (
                format!("{:.1} ({})", p.average, p.created.format("%Y-%m-%d")),
                if c.abs() < 0.05 {
                    "=".to_string()
                } else {
                    format!("{c:+.1}")
                },
            ),
            _ => ("—".to_string(), "new".to_string()),
        };
        let _ = writeln!(
            text,
            "{:name_w$}  {:>4.1}  {:>2}  {:>16}  {:>6}",
            shorten(&r.name, name_w),
            r.average,
            r.count,
            prev,
            change
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::scores_file::{Entry, apply};
    use crate::scoring::tests::session;

    fn scored(id: &str, days_ago: i64, earn_trust: u8, deliver: Option<u8>) -> Session {
        let mut s = session();
        s.id = id.into();
        s.created = Local::now() - chrono::Duration::days(days_ago);
        let mut entries = vec![Entry {
            answer: 0,
            principles: [("earn-trust".to_string(), earn_trust)].into(),
            criteria: Default::default(),
            notes: Default::default(),
            note: None,
            improve: None,
        }];
        if let Some(d) = deliver {
            entries.push(Entry {
                answer: 2,
                principles: [("deliver-results".to_string(), d)].into(),
                ..entries[0].clone()
            });
        }
        apply(&mut s, Role::Candidate, None, &entries, Local::now());
        s
    }

    #[test]
    fn averages_and_change_since_the_last_session_with_that_principle() {
        let oldest = scored("a", 10, 1, Some(1));
        let older = scored("b", 5, 2, None);
        let now = scored("c", 0, 4, Some(3));
        let later = scored("d", -1, 1, Some(1)); // created after: ignored
        let rows = summarize(&now, [&later, &older, &oldest, &now], Role::Candidate);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].id, "earn-trust");
        assert_eq!(rows[0].previous.as_ref().unwrap().session, "b");
        assert_eq!(rows[0].change(), Some(2.0));
        assert_eq!(rows[1].id, "deliver-results");
        assert_eq!(rows[1].previous.as_ref().unwrap().session, "a");
        assert_eq!(rows[1].change(), Some(2.0));
        // The coach scored nothing.
        assert!(summarize(&now, [&older], Role::Coach).is_empty());
    }

    #[test]
    fn render_fits_80_columns() {
        let older = scored("b", 5, 2, None);
        let now = scored("c", 0, 2, Some(3));
        let rows = summarize(&now, [&older], Role::Candidate);
        let text = render(&rows, Role::Candidate, 80);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line:?}");
        }
        assert!(text.contains("Earn Trust"));
        let earn = text.lines().find(|l| l.starts_with("Earn Trust")).unwrap();
        assert!(earn.trim_end().ends_with('='), "{earn}");
        let deliver = text
            .lines()
            .find(|l| l.starts_with("Deliver Results"))
            .unwrap();
        assert!(deliver.trim_end().ends_with("new"), "{deliver}");
    }
}
