//! Fixture sessions built through the library: a fixed date, tiny WAVs, optional metrics,
//! self and coach scores, and an optional corpus of hostile text.

use std::path::{Path, PathBuf};

use chrono::{Local, TimeZone};
use rehearse::catalog::{Catalog, Category, Question};
use rehearse::session::{AnswerStatus, Mark, ScoreSheet, Session, Settings, Status, store};
use serde_json::json;

/// Hostile strings: each must show up literally and do nothing.
pub const XSS: &[&str] = &[
    "<script>window.__xss = 1; document.title = 'PWNED'</script>",
    "<img src=x onerror=\"window.__xss = 2\">",
    "<a href=\"javascript:window.__xss=3\">click</a>",
    "</textarea><svg onload=\"window.__xss=4\">",
    "{{#each answers}}{{{question}}}{{/each}} {{> style}}",
    "\"><iframe src=\"javascript:parent.__xss=5\"></iframe>",
];

#[derive(Debug, Clone, Copy)]
pub struct Variant {
    pub coach: bool,
    pub metrics: bool,
    pub hostile: bool,
    /// Day of January 2026 the session was made (10:00 local time).
    pub day: u32,
}

impl Default for Variant {
    fn default() -> Self {
        Variant {
            coach: true,
            metrics: true,
            hostile: false,
            day: 5,
        }
    }
}

/// Write a mono 16-bit WAV: `seconds` long at 8 kHz, "speech" (a warbling tone) in
/// `bursts`, silence elsewhere.
pub fn write_wav(path: &Path, seconds: f64, bursts: &[(f64, f64)]) {
    let rate = 8000u32;
    let frames = (seconds * f64::from(rate)).round() as u64;
    let samples: Vec<i16> = (0..frames)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            let on = bursts.iter().any(|&(a, b)| t >= a && t < b);
            let v = if on {
                let env = (t * 6.0 * std::f64::consts::PI).sin().abs() * 0.7 + 0.1;
                env * (t * 2.0 * std::f64::consts::PI * 220.0).sin()
            } else {
                0.002 * (t * 2.0 * std::f64::consts::PI * 50.0).sin()
            };
            (v * 30000.0) as i16
        })
        .collect();
    crate::support::write_wav(path, rate, 1, &samples);
}

fn metrics(duration: f64, bursts: &[(f64, f64)]) -> serde_json::Value {
    let pauses: Vec<_> = bursts
        .windows(2)
        .map(|w| json!({"start": w[0].1, "end": w[1].0}))
        .collect();
    let speech: f64 = bursts.iter().map(|(a, b)| b - a).sum();
    json!({
        "duration_s": duration,
        "speech_s": speech,
        "speaking_ratio": speech / duration,
        "first_word_s": bursts[0].0,
        "pauses": {"medium": 1, "long": pauses.len().saturating_sub(1), "longest_s": 1.2, "list": pauses},
        "syllables": 14.0,
        "speech_rate": 3.1,
        "articulation_rate": 4.2,
        "wpm_estimate": 182.0,
        "rms_dbfs": -21.5,
        "peak_dbfs": -3.2,
        "clipped_ratio": 0.0,
        "warnings": ["fast", "short-answer"]
    })
}

fn sheet(
    session: &Session,
    q: &Question,
    base: u8,
    who: Option<&str>,
    hostile: bool,
) -> ScoreSheet {
    let rubric = &session.rubric;
    let mut s = ScoreSheet::default();
    for (i, p) in q.principles.iter().enumerate() {
        s.principles
            .insert(p.clone(), ((base as usize + i) % 4 + 1) as u8);
        if i == 0 {
            s.notes.insert(
                p.clone(),
                if hostile {
                    XSS[1].to_string()
                } else {
                    "Clear ownership of the rollback.".to_string()
                },
            );
        }
    }
    let marks = [Mark::Yes, Mark::Partly, Mark::No];
    for (i, c) in rubric.criteria_for(q.category).iter().enumerate() {
        s.criteria
            .insert(c.id.clone(), marks[(i + base as usize) % 3]);
    }
    s.note = Some(if hostile {
        XSS[3].to_string()
    } else {
        "Good structure; the result came late.".to_string()
    });
    s.improve = Some(if hostile {
        XSS[4].to_string()
    } else {
        "Lead with the result, then the story.".to_string()
    });
    s.by = who.map(str::to_string);
    s.scored_at = Some(Local.with_ymd_and_hms(2026, 1, 6, 9, 30, 0).unwrap());
    s
}

/// Stretches of "speech" in a fixture WAV: (start, end) seconds.
pub type Bursts = &'static [(f64, f64)];

/// The answers recorded in a fixture: (index, seconds, speech bursts).
pub const RECORDED: &[(usize, f64, Bursts)] = &[
    (0, 3.0, &[(0.4, 1.3), (1.7, 2.7)]),
    (1, 4.5, &[(0.6, 2.0), (3.1, 4.3)]),
];

/// Build a session folder under `reports_dir`; returns its path.
pub fn session(reports_dir: &Path, v: Variant) -> (PathBuf, Session) {
    let catalog = Catalog::load(&[], &[]).unwrap();
    let set = catalog.set("amazon-lp").unwrap();
    let rubric = catalog.rubric_for(set).unwrap().clone();
    let pick = |cat: Category, min_p: usize, skip: usize| {
        set.questions
            .iter()
            .filter(|q| q.category == cat && q.principles.len() >= min_p)
            .nth(skip)
            .unwrap()
            .clone()
    };
    let mut questions = vec![
        pick(Category::Behavioral, 2, 0),
        pick(Category::SystemDesign, 2, 0),
        pick(Category::Behavioral, 1, 3),
    ];
    let mut set = set.clone();
    let mut rubric = rubric;
    if v.hostile {
        questions[0].text = format!("{} {}", XSS[0], XSS[2]);
        questions[1].text = XSS[5].to_string();
        questions[0].follow_ups = vec![XSS[3].to_string()];
        set.title = format!("Set {}", XSS[1]);
        rubric.principles[0].name = format!("{} {}", rubric.principles[0].name, XSS[0]);
        let p = questions[0].principles[0].clone();
        if let Some(pr) = rubric.principles.iter_mut().find(|x| x.id == p) {
            pr.descriptors = pr
                .descriptors
                .iter()
                .map(|d| format!("{d} {}", XSS[2]))
                .collect();
        }
    }
    let created = Local.with_ymd_and_hms(2026, 1, v.day, 10, 0, 0).unwrap();
    let id = store::session_id(&created, &set.id);
    let (id, dir) = store::create_session_dir(reports_dir, &id).unwrap();
    let mut s = Session::new(id, &set, &rubric, questions, Settings::default());
    s.created = created;
    for &(i, secs, bursts) in RECORDED {
        let stem = s.answer_stem(i);
        let file = format!("answers/{stem}.wav");
        write_wav(&dir.join(&file), secs, bursts);
        let q = s.questions[i].clone();
        let base = (v.day as u8 + i as u8) % 4;
        let self_sheet = sheet(&s, &q, base, None, v.hostile);
        let coach_sheet = v.coach.then(|| {
            sheet(
                &s,
                &q,
                base + 1,
                Some(if v.hostile { XSS[0] } else { "Dana (coach)" }),
                v.hostile,
            )
        });
        let a = &mut s.answers[i];
        a.status = AnswerStatus::Recorded;
        a.file = Some(file);
        a.duration_s = secs;
        a.sample_rate = 8000;
        a.frames = (secs * 8000.0) as u64;
        a.takes = 1;
        a.recorded_at = Some(created);
        a.peak_dbfs = Some(-3.2);
        a.rms_dbfs = Some(-21.5);
        a.metrics = v.metrics.then(|| metrics(secs, bursts));
        a.scores.self_ = Some(self_sheet);
        a.scores.coach = coach_sheet;
    }
    s.answers[2].status = AnswerStatus::Skipped;
    s.refresh_status();
    assert_eq!(s.status, Status::Scored);
    store::save(&dir, &mut s).unwrap();
    (dir, s)
}
