//! Rubrics: the scoring scale, one anchored descriptor per scale value for each principle,
//! and the answer-structure criteria per question category.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::files::{Loc, SourceFile};
use super::{Category, Source, is_valid_id};
use crate::problem::Diagnostic;

/// A validated rubric. Serialized as-is into `rehearse rubric --json` and session snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub scale: Vec<ScaleLevel>,
    pub principles: Vec<Principle>,
    /// Structure criteria per category, e.g. STAR for behavioral answers.
    pub criteria: BTreeMap<Category, Vec<Criterion>>,
    #[serde(skip, default = "embedded")]
    pub source: Source,
}

fn embedded() -> Source {
    Source::Embedded
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleLevel {
    pub value: u8,
    pub label: String,
    #[serde(default)]
    pub meaning: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Principle {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub look_for: Vec<String>,
    pub red_flags: Vec<String>,
    /// One per scale level, in scale order.
    pub descriptors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub name: String,
    pub prompt: String,
}

impl Rubric {
    pub fn principle(&self, id: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.id == id)
    }
    pub fn criteria_for(&self, category: Category) -> &[Criterion] {
        self.criteria.get(&category).map_or(&[], Vec::as_slice)
    }
    pub fn max_score(&self) -> u8 {
        self.scale.iter().map(|s| s.value).max().unwrap_or(0)
    }
    pub fn level(&self, value: u8) -> Option<&ScaleLevel> {
        self.scale.iter().find(|s| s.value == value)
    }
}

impl Principle {
    /// The descriptor for a scale value (1-based).
    pub fn descriptor(&self, value: u8) -> Option<&str> {
        self.descriptors
            .get(usize::from(value).checked_sub(1)?)
            .map(String::as_str)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    id: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    scale: Spanned<Vec<Spanned<RawScale>>>,
    principles: Spanned<Vec<Spanned<RawPrinciple>>>,
    #[serde(default)]
    criteria: BTreeMap<Spanned<String>, Vec<Spanned<RawCriterion>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    value: Spanned<i64>,
    label: Spanned<String>,
    #[serde(default)]
    meaning: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrinciple {
    id: Spanned<String>,
    name: Spanned<String>,
    summary: Spanned<String>,
    look_for: Spanned<Vec<String>>,
    red_flags: Spanned<Vec<String>>,
    descriptors: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: Spanned<String>,
    name: Spanned<String>,
    prompt: Spanned<String>,
}

/// Parse and check a rubric file. Problems go to `diags`; a rubric comes back only when
/// its file had none. The `Loc` is where its id is written (for duplicate-id errors).
pub fn parse(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<(Rubric, Loc)> {
    let raw: RawRubric = match toml::from_str(&file.text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(super::question_set::toml_error(file, &e));
            return None;
        }
    };
    let before = diags.len();
    let mut check = Checker { file, diags };
    check.id(&raw.id, "rubric id");
    check.non_empty(&raw.title, "title");

    let mut values = Vec::new();
    for level in raw.scale.get_ref() {
        let value = *level.get_ref().value.get_ref();
        check.non_empty(&level.get_ref().label, "scale label");
        if !(1..=10).contains(&value) {
            check.at(
                &level.get_ref().value,
                format!("scale value {value} is outside 1..=10"),
            );
        } else if values.contains(&value) {
            check.at(
                &level.get_ref().value,
                format!("scale value {value} appears twice"),
            );
        }
        values.push(value);
    }
    let expected: Vec<i64> = (1..=values.len() as i64).collect();
    let mut sorted = values.clone();
    sorted.sort();
    if raw.scale.get_ref().len() < 2 {
        check.at(
            &raw.scale,
            "the scale needs at least two levels".to_string(),
        );
    } else if sorted != expected {
        check.at(
            &raw.scale,
            format!(
                "scale values must be 1..={} with none missing",
                values.len()
            ),
        );
    }
    let levels = raw.scale.get_ref().len();

    if raw.principles.get_ref().is_empty() {
        check.at(
            &raw.principles,
            "the rubric defines no principles".to_string(),
        );
    }
    let mut seen = HashSet::new();
    for p in raw.principles.get_ref() {
        let p = p.get_ref();
        if check.id(&p.id, "principle id") && !seen.insert(p.id.get_ref().clone()) {
            check.at(
                &p.id,
                format!("principle id `{}` appears twice", p.id.get_ref()),
            );
        }
        check.non_empty(&p.name, "name");
        check.non_empty(&p.summary, "summary");
        if p.look_for.get_ref().is_empty() {
            check.at(
                &p.look_for,
                "look_for is empty: list what a good answer shows".to_string(),
            );
        }
        let n = p.descriptors.get_ref().len();
        if n < levels {
            let missing: Vec<String> = (n + 1..=levels).map(|v| v.to_string()).collect();
            check.diags.push(
                file.loc(p.descriptors.span())
                    .diag(format!(
                        "principle `{}` has no descriptor for scale value{} {}",
                        p.id.get_ref(),
                        if missing.len() == 1 { "" } else { "s" },
                        missing.join(", ")
                    ))
                    .with_hint(format!(
                        "give exactly {levels} descriptors, one per scale value, in order"
                    )),
            );
        } else if n > levels {
            check.at(
                &p.descriptors,
                format!("{n} descriptors for a scale of {levels} values"),
            );
        }
        for d in p.descriptors.get_ref() {
            check.non_empty(d, "descriptor");
        }
    }

    let mut criteria = BTreeMap::new();
    for (cat, list) in &raw.criteria {
        let Some(category) = Category::parse(cat.get_ref()) else {
            check.diags.push(
                file.loc(cat.span())
                    .diag(format!("unknown category `{}` in criteria", cat.get_ref()))
                    .with_hint("use behavioral, technical or system-design"),
            );
            continue;
        };
        let mut seen = HashSet::new();
        for c in list {
            let c = c.get_ref();
            if check.id(&c.id, "criterion id") && !seen.insert(c.id.get_ref().clone()) {
                check.at(
                    &c.id,
                    format!(
                        "criterion id `{}` appears twice in {category}",
                        c.id.get_ref()
                    ),
                );
            }
            check.non_empty(&c.name, "name");
            check.non_empty(&c.prompt, "prompt");
        }
        criteria.insert(
            category,
            list.iter()
                .map(|c| Criterion {
                    id: c.get_ref().id.get_ref().clone(),
                    name: c.get_ref().name.get_ref().clone(),
                    prompt: c.get_ref().prompt.get_ref().clone(),
                })
                .collect(),
        );
    }
    if diags.len() > before {
        return None;
    }

    let rubric = Rubric {
        id: raw.id.get_ref().clone(),
        title: raw.title.get_ref().clone(),
        description: raw.description,
        scale: raw
            .scale
            .into_inner()
            .into_iter()
            .map(|s| {
                let s = s.into_inner();
                ScaleLevel {
                    value: *s.value.get_ref() as u8,
                    label: s.label.into_inner(),
                    meaning: s.meaning,
                }
            })
            .collect::<Vec<_>>(),
        principles: raw
            .principles
            .into_inner()
            .into_iter()
            .map(|p| {
                let p = p.into_inner();
                Principle {
                    id: p.id.into_inner(),
                    name: p.name.into_inner(),
                    summary: p.summary.into_inner(),
                    look_for: p.look_for.into_inner(),
                    red_flags: p.red_flags.into_inner(),
                    descriptors: p
                        .descriptors
                        .into_inner()
                        .into_iter()
                        .map(Spanned::into_inner)
                        .collect(),
                }
            })
            .collect(),
        criteria,
        source: file.source.clone(),
    };
    let mut rubric = rubric;
    rubric.scale.sort_by_key(|s| s.value);
    Some((rubric, file.loc(raw.id.span())))
}

/// Shared checks that push located diagnostics.
pub(crate) struct Checker<'a> {
    pub file: &'a SourceFile,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    pub fn at<T>(&mut self, value: &Spanned<T>, message: String) {
        self.diags.push(self.file.loc(value.span()).diag(message));
    }

    /// Check an id against `[a-z0-9-]+`; `true` when it is fine.
    pub fn id(&mut self, id: &Spanned<String>, what: &str) -> bool {
        if is_valid_id(id.get_ref()) {
            return true;
        }
        self.diags.push(
            self.file
                .loc(id.span())
                .diag(format!("{what} {:?} is not valid", id.get_ref()))
                .with_hint(
                    "ids use only a-z, 0-9 and '-' (at most 64 characters), e.g. \"dive-deep\"",
                ),
        );
        false
    }

    pub fn non_empty(&mut self, value: &Spanned<String>, what: &str) {
        if value.get_ref().trim().is_empty() {
            self.diags
                .push(self.file.loc(value.span()).diag(format!("{what} is empty")));
        }
    }
}
