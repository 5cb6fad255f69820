//! Question sets and rubrics: the embedded data, listings, and the bad-input corpus.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::{fixtures, rehearse, stderr, stdout};

const PRINCIPLES: [&str; 16] = [
    "customer-obsession",
    "ownership",
    "invent-and-simplify",
    "are-right-a-lot",
    "learn-and-be-curious",
    "hire-and-develop-the-best",
    "insist-on-the-highest-standards",
    "think-big",
    "bias-for-action",
    "frugality",
    "earn-trust",
    "dive-deep",
    "have-backbone-disagree-and-commit",
    "deliver-results",
    "strive-to-be-earths-best-employer",
    "success-and-scale-bring-broad-responsibility",
];

fn json(args: &[&str]) -> Value {
    let out = rehearse().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?} failed: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("valid JSON on stdout")
}

#[test]
fn embedded_questions_cover_every_principle_three_times() {
    let questions = json(&["questions", "--set", "amazon-lp", "--json"]);
    let questions = questions.as_array().unwrap();
    assert!(questions.len() >= 48, "only {} questions", questions.len());
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ids = BTreeSet::new();
    for q in questions {
        assert!(
            ids.insert(q["id"].as_str().unwrap()),
            "duplicate id {}",
            q["id"]
        );
        for key in [
            "id",
            "set",
            "text",
            "category",
            "difficulty",
            "principles",
            "prep_seconds",
            "answer_seconds",
        ] {
            assert!(q.get(key).is_some(), "question {} lacks {key}", q["id"]);
        }
        for p in q["principles"].as_array().unwrap() {
            let p = p.as_str().unwrap();
            assert!(
                PRINCIPLES.contains(&p),
                "unknown principle {p} on {}",
                q["id"]
            );
            *counts.entry(p).or_default() += 1;
        }
    }
    for p in PRINCIPLES {
        assert!(
            counts.get(p).copied().unwrap_or(0) >= 3,
            "{p} is tagged {:?} times",
            counts.get(p)
        );
    }
    let categories: BTreeSet<&str> = questions
        .iter()
        .map(|q| q["category"].as_str().unwrap())
        .collect();
    assert_eq!(
        categories,
        BTreeSet::from(["behavioral", "system-design", "technical"])
    );
    let difficulties: BTreeSet<&str> = questions
        .iter()
        .map(|q| q["difficulty"].as_str().unwrap())
        .collect();
    assert_eq!(difficulties, BTreeSet::from(["easy", "hard", "medium"]));
}

#[test]
fn embedded_questions_include_the_five_required_scenarios() {
    let questions = json(&["questions", "--json"]);
    let by_id = |id: &str| {
        questions
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .cloned()
    };
    let expect = [
        (
            "zero-loss-rollback",
            "system-design",
            "hard",
            &[
                "insist-on-the-highest-standards",
                "deliver-results",
                "have-backbone-disagree-and-commit",
            ][..],
        ),
        (
            "outage-trust-rebuild",
            "behavioral",
            "easy",
            &["earn-trust"][..],
        ),
        (
            "observability-cfo-pitch",
            "technical",
            "hard",
            &["customer-obsession", "frugality", "deliver-results"][..],
        ),
        (
            "devops-disagree-commit",
            "behavioral",
            "easy",
            &["have-backbone-disagree-and-commit"][..],
        ),
        (
            "tech-debt-vs-features",
            "technical",
            "medium",
            &["customer-obsession", "earn-trust", "deliver-results"][..],
        ),
    ];
    for (id, category, difficulty, principles) in expect {
        let q = by_id(id).unwrap_or_else(|| panic!("scenario {id} missing"));
        assert_eq!(q["category"], category, "{id}");
        assert_eq!(q["difficulty"], difficulty, "{id}");
        let got: BTreeSet<&str> = q["principles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(
            got,
            principles.iter().copied().collect::<BTreeSet<_>>(),
            "{id}"
        );
    }
}

#[test]
fn rubric_has_sixteen_principles_with_four_descriptors_and_three_criteria_sets() {
    let rubric = json(&["rubric", "--json"]);
    let principles = rubric["principles"].as_array().unwrap();
    let ids: Vec<&str> = principles
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, PRINCIPLES);
    for p in principles {
        assert_eq!(p["descriptors"].as_array().unwrap().len(), 4, "{}", p["id"]);
        assert!(p["look_for"].as_array().unwrap().len() >= 3, "{}", p["id"]);
        assert!(p["red_flags"].as_array().unwrap().len() >= 2, "{}", p["id"]);
        for d in p["descriptors"].as_array().unwrap() {
            let d = d.as_str().unwrap().to_lowercase();
            for adjective in ["good ", "strong ", "excellent"] {
                assert!(
                    !d.starts_with(adjective),
                    "descriptor of {} is an adjective: {d}",
                    p["id"]
                );
            }
        }
    }
    let scale: Vec<u64> = rubric["scale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["value"].as_u64().unwrap())
        .collect();
    assert_eq!(scale, [1, 2, 3, 4]);
    let criteria = rubric["criteria"].as_object().unwrap();
    let ids = |cat: &str| -> Vec<String> {
        criteria[cat]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids("behavioral"),
        [
            "situation",
            "task",
            "action",
            "result",
            "quantified-result",
            "personal-ownership"
        ]
    );
    assert_eq!(
        ids("system-design"),
        [
            "requirements",
            "architecture",
            "data-consistency",
            "failure-handling",
            "trade-offs",
            "operability"
        ]
    );
    assert_eq!(
        ids("technical"),
        [
            "problem-framing",
            "approach",
            "evidence",
            "trade-offs",
            "outcome"
        ]
    );
}

#[test]
fn sets_listing() {
    let out = rehearse().arg("sets").output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out), @r"
    ID         TITLE                         QUESTIONS  SOURCE
    amazon-lp  Amazon Leadership Principles         58  embedded
    ");
}

#[test]
fn questions_listing_filters_and_wraps() {
    let out = rehearse()
        .args([
            "questions",
            "--principle",
            "earn-trust",
            "--difficulty",
            "easy",
            "--category",
            "behavioral",
        ])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("amazon-lp/outage-trust-rebuild  behavioral · easy"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(!text.contains("medium"), "{text}");
}

#[test]
fn rubric_for_one_principle_fits_80_columns() {
    let out = rehearse()
        .args(["rubric", "earn-trust"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Earn Trust (earn-trust)"));
    assert!(text.contains("4 Raises the bar"));
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn unknown_ids_on_the_command_line_exit_2_with_a_hint() {
    let out = rehearse()
        .args(["rubric", "customer-obsesion"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("hint: principles:"));
    let out = rehearse()
        .args(["questions", "--set", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no question set with id `nope`"));
}

#[test]
fn repository_data_files_validate_clean() {
    let root = crate::common::repo();
    let out = rehearse()
        .args(["validate"])
        .arg(root.join("questions"))
        .arg(root.join("rubrics"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("question set `amazon-lp`"));
}

/// Every broken file, the location it must be reported at and a piece of the message.
const BAD: &[(&str, &str, &str)] = &[
    (
        "bad/syntax-unclosed-string.toml",
        "2:25",
        "invalid basic string",
    ),
    ("bad/syntax-missing-equals.toml", "2:7", "expected `=`"),
    (
        "bad/unknown-key.toml",
        "11:1",
        "unknown field `answr_seconds`",
    ),
    (
        "bad/wrong-type-seconds.toml",
        "4:16",
        "expected a whole number",
    ),
    ("bad/wrong-type-principles.toml", "10:14", "expected a list"),
    ("bad/missing-text.toml", "5:1", "missing field `text`"),
    (
        "bad/unknown-principle.toml",
        "10:28",
        "has no principle `customer-obsesion`",
    ),
    (
        "bad/unknown-rubric.toml",
        "3:10",
        "no rubric with id `google-values`",
    ),
    (
        "bad/duplicate-question-id.toml",
        "13:6",
        "question id `same` appears twice",
    ),
    (
        "bad/path-like-id.toml",
        "6:6",
        "question id \"../x\" is not valid",
    ),
    ("bad/empty-set.toml", "1:1", "the set has no questions"),
    (
        "bad/seconds-out-of-range.toml",
        "11:18",
        "answer_seconds = 7200 is outside",
    ),
    (
        "bad/negative-seconds.toml",
        "4:16",
        "prep_seconds = -5 is outside",
    ),
    (
        "bad/unknown-category.toml",
        "8:12",
        "unknown category `situational`",
    ),
    (
        "bad/unknown-difficulty.toml",
        "9:14",
        "unknown difficulty `brutal`",
    ),
    (
        "bad/uppercase-set-id.toml",
        "1:6",
        "question set id \"My Set\" is not valid",
    ),
    ("bad/not-utf8.toml", "2:13", "not valid UTF-8"),
    (
        "bad-rubrics/missing-descriptor.toml",
        "20:15",
        "no descriptor for scale value 3",
    ),
    (
        "bad-rubrics/duplicate-principle.toml",
        "20:6",
        "principle id `ownership` appears twice",
    ),
    (
        "bad-rubrics/bad-criteria-category.toml",
        "19:12",
        "unknown category `leadership`",
    ),
];

#[test]
fn every_bad_file_exits_2_with_its_location_and_message() {
    let dir = fixtures();
    let mut on_disk: Vec<String> = Vec::new();
    for sub in ["bad", "bad-rubrics"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap() {
            on_disk.push(format!(
                "{sub}/{}",
                e.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = BAD.iter().map(|(f, _, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "every fixture has an expectation");
    for (file, loc, message) in BAD {
        let path = dir.join(file);
        let out = rehearse().arg("validate").arg(&path).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        let want = format!("{}:{loc}: ", path.display());
        assert!(
            err.contains(&want),
            "{file}: expected location {want} in\n{err}"
        );
        assert!(
            err.contains(message),
            "{file}: expected {message:?} in\n{err}"
        );
        assert!(!err.contains("panicked"), "{file}: {err}");
    }
}

#[test]
fn every_problem_in_a_file_is_reported_not_just_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.toml");
    std::fs::write(
        &path,
        r#"id = "many"
title = "Many problems"
rubric = "amazon-lp"

[[questions]]
id = "Bad Id"
text = "One."
category = "behavioural"
difficulty = "easy"
principles = ["ownershp"]

[[questions]]
id = "two"
text = "Two."
category = "technical"
difficulty = "impossible"
principles = ["dive-deep"]
answer_seconds = 99999
"#,
    )
    .unwrap();
    let out = rehearse().arg("validate").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for expected in [
        ":6:6: question id",
        ":8:12: unknown category",
        ":10:15: rubric `amazon-lp` has no principle `ownershp`",
        "did you mean `ownership`",
        ":16:14: unknown difficulty",
        ":18:18: answer_seconds",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    assert!(err.contains("5 problems in 1 file"), "{err}");
}

#[test]
fn huge_files_and_odd_paths_are_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.toml");
    std::fs::write(&huge, format!("id = \"{}\"\n", "a".repeat(2 * 1024 * 1024))).unwrap();
    let deep = dir.path().join("deep.toml");
    std::fs::write(
        &deep,
        format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    let empty_dir = dir.path().join("nothing");
    std::fs::create_dir(&empty_dir).unwrap();
    for (path, message) in [
        (huge.clone(), "the limit is 1048576"),
        (deep.clone(), "recursion"),
        (empty_dir.clone(), "no *.toml files"),
        (dir.path().join("missing.toml"), "cannot read file"),
    ] {
        let out = rehearse().arg("validate").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        assert!(
            stderr(&out).contains(message),
            "{}: {}",
            path.display(),
            stderr(&out)
        );
    }
}

#[test]
fn extra_sets_load_beside_the_embedded_and_duplicates_name_both_sources() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.toml");
    std::fs::write(
        &mine,
        "id = \"mine\"\ntitle = \"Mine\"\nrubric = \"amazon-lp\"\n[[questions]]\nid = \"q\"\ntext = \"Why?\"\ncategory = \"behavioral\"\ndifficulty = \"easy\"\nprinciples = [\"ownership\"]\n",
    )
    .unwrap();
    let out = rehearse()
        .arg("sets")
        .arg("--questions")
        .arg(&mine)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!(
            "mine       Mine                                  1  {}",
            mine.display()
        )),
        "{}",
        stdout(&out)
    );

    let copy = dir.path().join("copy.toml");
    std::fs::copy(
        crate::common::repo().join("questions/amazon-lp.toml"),
        &copy,
    )
    .unwrap();
    let out = rehearse()
        .arg("questions")
        .env("REHEARSE_QUESTIONS", &copy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("question set id `amazon-lp` is already defined by embedded"),
        "{err}"
    );
    assert!(err.contains(&format!("{}:1:6", copy.display())), "{err}");
}

#[test]
fn completions_are_printed() {
    let out = rehearse().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("_rehearse()"));
}
