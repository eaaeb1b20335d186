//! The quality gate: every question set in `tests/eval/` (and the shared dev set beside the
//! checkout, where it exists) is asked of an engine over its corpus and scored the way
//! `score.py` scores a running server. A set that passes fewer cases than its threshold in
//! `tests/eval/sets.toml`, or any answer with a number that no citation, fact or derivation
//! holds, fails the test. The per-set scores are printed on every run.
//!
//! The same sets check determinism: two engines, opened separately (so every hash map has
//! its own random seed) and asked on different threads, give byte-identical replies.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use lanzhou_qa::{Engine, Question, Reply, SessionId};
use regex::Regex;
use serde::Deserialize;

use crate::helpers::{self, TempDir};

#[derive(Deserialize)]
struct Sets {
    set: Vec<SetSpec>,
}

#[derive(Clone, Deserialize)]
struct SetSpec {
    name: String,
    /// Relative to `tests/eval/`.
    file: String,
    fixtures: Vec<String>,
    min_passed: usize,
    #[serde(default)]
    optional: bool,
}

/// One case of a question set, in `score.py`'s format.
#[derive(Deserialize)]
struct Case {
    id: String,
    q: Option<String>,
    turns: Option<Vec<String>>,
    #[serde(default = "yes")]
    answerable: bool,
    #[serde(default)]
    numbers: Vec<Vec<f64>>,
    tol: Option<f64>,
    #[serde(default)]
    terms: Vec<String>,
    min_terms: Option<usize>,
    #[serde(default)]
    cite: Vec<String>,
}

fn yes() -> bool {
    true
}

impl Case {
    fn turns(&self) -> Vec<String> {
        match (&self.turns, &self.q) {
            (Some(turns), _) => turns.clone(),
            (None, Some(q)) => vec![q.clone()],
            (None, None) => panic!("case {} has neither q nor turns", self.id),
        }
    }
}

fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval")
}

fn sets() -> Vec<SetSpec> {
    let text = std::fs::read_to_string(eval_dir().join("sets.toml")).expect("tests/eval/sets.toml");
    toml::from_str::<Sets>(&text)
        .expect("sets.toml is well formed")
        .set
}

fn cases(path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path).expect("a question set");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display())))
        .collect()
}

/// Writes past the test harness's capture, so the scores show on every run.
fn report(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

const MAX_ANSWER_CHARS: usize = 700;

/// Every value a reader could take from the text, with and without its scale word
/// (`score.py`'s `numbers_in`).
fn numbers_in(text: &str) -> Vec<f64> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(thousand|million|billion|trillion|bn|mn|[kmb])\b)?")
            .expect("valid regex")
    });
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|hundred)\b")
            .expect("valid regex")
    });
    let mut values = Vec::new();
    for c in NUMBER.captures_iter(text) {
        let whole = c.get(0).expect("group 0");
        let before = text[..whole.start()].chars().next_back();
        if before.is_some_and(|b| b.is_alphanumeric() || b == '_' || b == '.') {
            continue;
        }
        let digits = format!(
            "{}{}",
            c[1].replace(',', ""),
            c.get(2).map_or("", |m| m.as_str())
        );
        let Ok(value) = digits.parse::<f64>() else {
            continue;
        };
        values.push(value);
        if let Some(scale) = c.get(3) {
            let factor = match scale.as_str().to_lowercase().as_str() {
                "thousand" | "k" => 1e3,
                "million" | "mn" | "m" => 1e6,
                "billion" | "bn" | "b" => 1e9,
                _ => 1e12,
            };
            values.push(value * factor);
        }
    }
    for c in WORD.captures_iter(text) {
        let value = match c[1].to_lowercase().as_str() {
            "one" => 1.0,
            "two" => 2.0,
            "three" => 3.0,
            "four" => 4.0,
            "five" => 5.0,
            "six" => 6.0,
            "seven" => 7.0,
            "eight" => 8.0,
            "nine" => 9.0,
            "ten" => 10.0,
            "eleven" => 11.0,
            "twelve" => 12.0,
            "twenty" => 20.0,
            "thirty" => 30.0,
            "forty" => 40.0,
            "fifty" => 50.0,
            "sixty" => 60.0,
            "seventy" => 70.0,
            _ => 100.0,
        };
        values.push(value);
    }
    values
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    if b == 0.0 {
        a == b
    } else {
        (a - b).abs() <= tol * b.abs()
    }
}

fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Returns "" when the reply passes the case, else why it fails (`score.py`'s `judge`).
fn judge(case: &Case, reply: &Reply) -> String {
    if !case.answerable {
        return if reply.answered {
            "answered a question the corpus cannot answer".into()
        } else {
            String::new()
        };
    }
    if !reply.answered {
        return "said it did not know".into();
    }
    if reply.answer.chars().count() > MAX_ANSWER_CHARS {
        return format!("answer is over {MAX_ANSWER_CHARS} characters");
    }
    let found = numbers_in(&reply.answer);
    let tol = case.tol.unwrap_or(0.005);
    for group in &case.numbers {
        if !group
            .iter()
            .any(|g| found.iter().any(|v| close(*v, *g, tol)))
        {
            return format!("no value in {group:?}");
        }
    }
    let answer = reply.answer.to_lowercase();
    let hits = case
        .terms
        .iter()
        .filter(|t| t.split('|').any(|alt| answer.contains(&alt.to_lowercase())))
        .count();
    if hits < case.min_terms.unwrap_or(case.terms.len()) {
        return format!("{hits}/{} terms", case.terms.len());
    }
    let snippets: Vec<String> = reply.citations.iter().map(|c| norm(&c.snippet)).collect();
    for phrase in &case.cite {
        if !phrase
            .split('|')
            .any(|alt| snippets.iter().any(|s| s.contains(&norm(alt))))
        {
            return format!("no citation contains {phrase:?}");
        }
    }
    String::new()
}

/// Numbers in an answer that no citation, fact, derivation or the question holds
/// (`score.py`'s `ungrounded`).
pub(crate) fn ungrounded(question: &str, reply: &Reply) -> Vec<f64> {
    if !reply.answered {
        return Vec::new();
    }
    static MARKER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[\d+\]").expect("valid regex"));
    let answer = MARKER.replace_all(&reply.answer, " ");
    let support = format!(
        "{question} {}",
        serde_json::to_string(&(&reply.citations, &reply.facts, &reply.derivation))
            .expect("a reply serializes")
    );
    let mut known = numbers_in(&support);
    let scaled: Vec<f64> = known.iter().flat_map(|k| [k * 100.0, k / 100.0]).collect();
    known.extend(scaled);
    numbers_in(&answer)
        .into_iter()
        .filter(|v| !known.iter().any(|k| close(*v, *k, 0.01)))
        .collect()
}

/// Asks a case's turns in one conversation and returns the last reply.
fn run(engine: &Engine, case: &Case) -> Reply {
    let session = SessionId::parse(&format!(
        "quality-{}",
        case.id.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    ))
    .expect("a valid session id");
    let mut last = None;
    for turn in case.turns() {
        let question = Question::parse(&turn).expect("a valid question");
        last = Some(engine.ask(&question, Some(&session)));
    }
    last.expect("a case has a turn")
}

/// The set's file, or None when an optional set is absent.
fn set_file(spec: &SetSpec) -> Option<PathBuf> {
    let path = eval_dir().join(&spec.file);
    if path.exists() {
        return Some(path);
    }
    assert!(spec.optional, "question set {} is missing", path.display());
    report(&format!(
        "quality: {:<22} skipped: {} is not beside the checkout",
        spec.name,
        path.display()
    ));
    None
}

fn open(spec: &SetSpec) -> (Arc<Engine>, TempDir) {
    let fixtures: Vec<&str> = spec.fixtures.iter().map(String::as_str).collect();
    helpers::engine_with(&fixtures)
}

#[test]
fn every_question_set_scores_at_least_its_threshold_with_no_ungrounded_number() {
    let mut failures = Vec::new();
    for spec in sets() {
        let Some(path) = set_file(&spec) else {
            continue;
        };
        let cases = cases(&path);
        let (engine, _dir) = open(&spec);
        let mut passed = 0;
        let mut answerable = (0, 0);
        let mut refused = (0, 0);
        let mut loose = Vec::new();
        let mut failed = Vec::new();
        for case in &cases {
            let reply = run(&engine, case);
            let reason = judge(case, &reply);
            let ok = reason.is_empty();
            passed += usize::from(ok);
            let tally = if case.answerable {
                &mut answerable
            } else {
                &mut refused
            };
            tally.0 += usize::from(ok);
            tally.1 += 1;
            if !ok {
                failed.push(format!("{} ({reason})", case.id));
            }
            let numbers = ungrounded(&case.turns().join(" "), &reply);
            if !numbers.is_empty() {
                loose.push(format!("{}: {numbers:?} in {:?}", case.id, reply.answer));
            }
        }
        report(&format!(
            "quality: {:<22} {passed}/{} passed (answerable {}/{}, unanswerable refused {}/{}), gate {}, ungrounded {}",
            spec.name,
            cases.len(),
            answerable.0,
            answerable.1,
            refused.0,
            refused.1,
            spec.min_passed,
            loose.len()
        ));
        if passed < spec.min_passed {
            failures.push(format!(
                "{}: {passed} passed, below its gate of {}; failing: {}",
                spec.name,
                spec.min_passed,
                failed.join("; ")
            ));
        }
        // A question the corpus cannot answer is refused, in every set: an answer to
        // one is never traded for a pass elsewhere.
        if refused.0 < refused.1 {
            failures.push(format!(
                "{}: answered {} of its {} unanswerable questions; failing: {}",
                spec.name,
                refused.1 - refused.0,
                refused.1,
                failed.join("; ")
            ));
        }
        if !loose.is_empty() {
            failures.push(format!(
                "{}: ungrounded numbers: {}",
                spec.name,
                loose.join("; ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A reply as bytes, without the conversation id (which is random by design).
fn fingerprint(reply: &Reply) -> String {
    let mut reply = reply.clone();
    reply.session.clear();
    serde_json::to_string(&reply).expect("a reply serializes")
}

#[test]
fn two_engines_on_two_threads_give_byte_identical_replies_to_every_set() {
    for spec in sets() {
        let Some(path) = set_file(&spec) else {
            continue;
        };
        let cases = Arc::new(cases(&path));
        let (first, _a) = open(&spec);
        let (second, _b) = open(&spec);
        let asked = |engine: Arc<Engine>, cases: Arc<Vec<Case>>| {
            std::thread::spawn(move || {
                cases
                    .iter()
                    .map(|c| fingerprint(&run(&engine, c)))
                    .collect::<Vec<_>>()
            })
        };
        let one = asked(first, cases.clone());
        let two = asked(second, cases.clone());
        let one = one.join().expect("the first engine answers");
        let two = two.join().expect("the second engine answers");
        for ((case, a), b) in cases.iter().zip(&one).zip(&two) {
            assert_eq!(a, b, "set {}, case {}: replies differ", spec.name, case.id);
        }
    }
}

#[test]
fn the_scorer_reads_numbers_the_way_score_py_does() {
    let values = numbers_in("It grew 17,500 times to 4.298 billion yuan in 2018, one of 14.");
    for expected in [17_500.0, 4.298, 4.298e9, 2018.0, 1.0, 14.0] {
        assert!(
            values.iter().any(|v| close(*v, expected, 1e-9)),
            "{expected} in {values:?}"
        );
    }
    assert!(
        numbers_in("COVID19 x2").is_empty(),
        "digits inside words are not numbers"
    );
}
