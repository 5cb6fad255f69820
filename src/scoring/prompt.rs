//! What a key press (terminal) or a line (pipe) means at a walk-through prompt.

use super::player::SEEK_STEP_S;
use crate::keys::Key;
use crate::session::Mark;

/// The kind of single-choice prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// A principle score on the scale `min..=max`.
    Score { min: u8, max: u8 },
    /// A structure criterion: y / p / n. (`p` means "partly" here; space plays.)
    Mark,
}

/// What the user chose.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Score(u8),
    Mark(Mark),
    /// Enter: keep the value shown (if any).
    Keep,
    /// Play or pause the answer's recording.
    Play,
    /// Seek by this many seconds.
    Seek(f64),
    /// `q`: stop here; everything entered is saved.
    Quit,
    Interrupt,
    /// Piped input ended.
    Eof,
}

/// A key press on a terminal; `None` for keys that mean nothing at this prompt.
pub fn from_key(ask: Ask, key: &Key) -> Option<Choice> {
    Some(match key {
        Key::Enter => Choice::Keep,
        Key::Interrupt => Choice::Interrupt,
        Key::Eof => Choice::Eof,
        Key::Esc | Key::Char('q') => Choice::Quit,
        Key::Left | Key::Char('b') => Choice::Seek(-SEEK_STEP_S),
        Key::Right | Key::Char('f') => Choice::Seek(SEEK_STEP_S),
        Key::Char(' ') => Choice::Play,
        Key::Char(c) => match ask {
            Ask::Score { .. } if *c == 'p' => Choice::Play,
            Ask::Score { min, max } => {
                let v = match c.to_digit(10)? {
                    0 => 10,
                    d => d as u8,
                };
                (min..=max).contains(&v).then_some(Choice::Score(v))?
            }
            Ask::Mark => Choice::Mark(Mark::parse(&c.to_string())?),
        },
        Key::Backspace | Key::Line(_) => return None,
    })
}

/// A line from a pipe; `None` when it means nothing at this prompt.
pub fn from_line(ask: Ask, line: &str) -> Option<Choice> {
    let t = line.trim().to_ascii_lowercase();
    Some(match t.as_str() {
        "" => Choice::Keep,
        "q" | "quit" => Choice::Quit,
        "play" | "pause" => Choice::Play,
        "b" | "back" => Choice::Seek(-SEEK_STEP_S),
        "f" | "forward" => Choice::Seek(SEEK_STEP_S),
        _ => match ask {
            Ask::Score { min, max } => {
                if t == "p" {
                    return Some(Choice::Play);
                }
                let v: u8 = t.parse().ok()?;
                (min..=max).contains(&v).then_some(Choice::Score(v))?
            }
            Ask::Mark => Choice::Mark(Mark::parse(&t)?),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCORE: Ask = Ask::Score { min: 1, max: 4 };

    #[test]
    fn keys_at_a_score_prompt() {
        assert_eq!(from_key(SCORE, &Key::Char('3')), Some(Choice::Score(3)));
        assert_eq!(from_key(SCORE, &Key::Char('5')), None);
        assert_eq!(from_key(SCORE, &Key::Char('0')), None);
        assert_eq!(from_key(SCORE, &Key::Char('p')), Some(Choice::Play));
        assert_eq!(from_key(SCORE, &Key::Char(' ')), Some(Choice::Play));
        assert_eq!(from_key(SCORE, &Key::Left), Some(Choice::Seek(-5.0)));
        assert_eq!(from_key(SCORE, &Key::Char('f')), Some(Choice::Seek(5.0)));
        assert_eq!(from_key(SCORE, &Key::Enter), Some(Choice::Keep));
        assert_eq!(from_key(SCORE, &Key::Char('q')), Some(Choice::Quit));
        assert_eq!(from_key(SCORE, &Key::Interrupt), Some(Choice::Interrupt));
        assert_eq!(from_key(SCORE, &Key::Char('x')), None);
        let ten = Ask::Score { min: 1, max: 10 };
        assert_eq!(from_key(ten, &Key::Char('0')), Some(Choice::Score(10)));
    }

    #[test]
    fn keys_at_a_criterion_prompt() {
        assert_eq!(
            from_key(Ask::Mark, &Key::Char('y')),
            Some(Choice::Mark(Mark::Yes))
        );
        assert_eq!(
            from_key(Ask::Mark, &Key::Char('p')),
            Some(Choice::Mark(Mark::Partly))
        );
        assert_eq!(
            from_key(Ask::Mark, &Key::Char('n')),
            Some(Choice::Mark(Mark::No))
        );
        assert_eq!(from_key(Ask::Mark, &Key::Char(' ')), Some(Choice::Play));
        assert_eq!(from_key(Ask::Mark, &Key::Char('3')), None);
    }

    #[test]
    fn piped_lines() {
        assert_eq!(from_line(SCORE, " 4 \n"), Some(Choice::Score(4)));
        assert_eq!(from_line(SCORE, "12"), None);
        assert_eq!(from_line(SCORE, ""), Some(Choice::Keep));
        assert_eq!(from_line(SCORE, "q"), Some(Choice::Quit));
        assert_eq!(
            from_line(Ask::Mark, "partly"),
            Some(Choice::Mark(Mark::Partly))
        );
        assert_eq!(from_line(Ask::Mark, "Y"), Some(Choice::Mark(Mark::Yes)));
        assert_eq!(from_line(Ask::Mark, "maybe"), None);
        let ten = Ask::Score { min: 1, max: 10 };
        assert_eq!(from_line(ten, "10"), Some(Choice::Score(10)));
    }
}
