//! Reading catalog files safely (size cap, UTF-8 check) and turning byte spans into
//! `file:line:column` locations.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::Source;
use crate::problem::Diagnostic;

/// Files larger than this are refused: a question set is text, not a data dump.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One catalog file's text and where it came from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// How the file is named in messages.
    pub name: String,
    pub source: Source,
    pub text: String,
}

impl SourceFile {
    pub fn embedded(name: &str, text: &str) -> Self {
        SourceFile {
            name: name.to_string(),
            source: Source::Embedded,
            text: text.to_string(),
        }
    }

    /// The location of a byte span's start.
    pub fn loc(&self, span: Range<usize>) -> Loc {
        let (line, column) = line_col(&self.text, span.start);
        Loc {
            file: self.name.clone(),
            line,
            column,
        }
    }

    /// A problem about the whole file.
    pub fn whole(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::whole_file(&self.name, message)
    }
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Loc {
    pub fn diag(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            line: Some(self.line),
            column: Some(self.column),
            message: message.into(),
            hint: None,
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let offset = (0..=offset)
        .rev()
        .find(|&o| text.is_char_boundary(o))
        .unwrap_or(0);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// `*.toml` files directly in `dir`, sorted by name.
pub fn toml_files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Read a file, or every `*.toml` in a folder. Unreadable, oversized or non-UTF-8 files
/// become diagnostics and are skipped.
pub fn read_all(path: &Path, diags: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    if path.is_dir() {
        match toml_files_in(path) {
            Ok(files) => {
                if files.is_empty() {
                    diags.push(
                        Diagnostic::whole_file(
                            path.display().to_string(),
                            "folder has no *.toml files",
                        )
                        .with_hint("question sets and rubrics are files ending in .toml"),
                    );
                }
                files.iter().filter_map(|f| read_one(f, diags)).collect()
            }
            Err(e) => {
                diags.push(Diagnostic::whole_file(
                    path.display().to_string(),
                    format!("cannot list folder: {e}"),
                ));
                Vec::new()
            }
        }
    } else {
        read_one(path, diags).into_iter().collect()
    }
}

/// Read one file with the size and encoding checks.
pub fn read_one(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let name = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let mut d = Diagnostic::whole_file(&name, format!("cannot read file: {e}"));
            if e.kind() == std::io::ErrorKind::NotFound {
                d = d.with_hint("check the path; a folder means every *.toml file in it");
            }
            diags.push(d);
            return None;
        }
    };
    if meta.len() > MAX_FILE_BYTES {
        diags.push(
            Diagnostic::whole_file(
                &name,
                format!(
                    "file is {} bytes; the limit is {MAX_FILE_BYTES} (1 MiB)",
                    meta.len()
                ),
            )
            .with_hint("split it into several question sets"),
        );
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::whole_file(
                &name,
                format!("cannot read file: {e}"),
            ));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(SourceFile {
            name,
            source: Source::Path(path.to_path_buf()),
            text,
        }),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.as_bytes()[..good]);
            let (line, column) = line_col(&text, good);
            let byte = e.as_bytes()[good];
            diags.push(Diagnostic {
                file: name,
                line: Some(line),
                column: Some(column),
                message: format!("file is not valid UTF-8 (byte 0x{byte:02x} at offset {good})"),
                hint: Some("save the file as UTF-8".into()),
            });
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn line_col_counts_from_one_in_chars() {
        let t = "ab\ncé d\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 7), (2, 4)); // after "cé " (é is 2 bytes)
        assert_eq!(line_col(t, 999), (3, 1));
    }
}
