//! The sentences of a conversation's manners: what the corpus covers (after a greeting,
//! thanks or "what can you do"), a document's summary, and the periods that cover a year.

use crate::corpus::Span;
use crate::ops::{Cited, Manner, Sketch};

use super::Writer;
use super::numbers::{human_date, number_name};
use super::words::{capitalise, join_list};

/// What the corpus covers: each document with its title, source and date (citing the
/// lines they come from), its place, the years of its figures (citing a sentence that
/// states each) and the subjects it gives most figures on; then how to ask.
pub(super) fn overview(w: &mut Writer, manner: Manner, docs: &[Sketch], more: usize) -> String {
    let opening = match manner {
        Manner::Greeting => "Hello. ",
        Manner::Thanks => "You're welcome. ",
        Manner::Help => "",
    };
    let described: Vec<String> = docs.iter().map(|d| sketch(w, d)).collect();
    let total = docs.len() + more;
    let holds = if total == 1 {
        format!(
            "I answer questions from one article: {}.",
            described.join("")
        )
    } else {
        let count = count_word(total).map_or_else(String::new, |c| format!("{c} "));
        let rest = if more == 0 {
            String::new()
        } else {
            match count_word(more) {
                Some(n) => format!("; and {n} more"),
                None => "; and more".to_string(),
            }
        };
        format!(
            "I answer questions from {count}articles: {}{rest}.",
            described.join("; ")
        )
    };
    let how = match manner {
        Manner::Thanks => "Ask another question whenever you like, or try a suggested one.",
        Manner::Greeting | Manner::Help => {
            "Ask for a figure, how it grew, a comparison, a summary of an article or what happened in a year: \
             every answer cites the sentences it rests on, and when the articles do not hold an answer I say so. \
             The suggested questions are a place to start."
        }
    };
    format!("{opening}{holds} {how}")
}

/// One document: “Title” (source, date) [n], about a place, with figures from a year to
/// a year [m] on some subjects.
fn sketch(w: &mut Writer, s: &Sketch) -> String {
    let k = w.knowledge();
    let doc = &k.corpus.documents[s.doc];
    let field = |key: &str| {
        doc.fields
            .iter()
            .find(|f| f.key == key && s.front.is_some_and(|front| front.contains(f.line)))
            .map(|f| f.value.clone())
    };
    let source = field("source").or_else(|| field("publisher"));
    let date = field("date").map(|d| human_date(&d).unwrap_or(d));
    let details: Vec<String> = source.into_iter().chain(date).collect();
    let mut out = format!("“{}”", doc.title);
    if !details.is_empty() {
        out.push_str(&format!(" ({})", details.join(", ")));
    }
    if let Some(front) = s.front {
        out.push(' ');
        out.push_str(&w.cite(Cited {
            doc: s.doc,
            span: front,
        }));
    }
    let mut about = Vec::new();
    if let Some(place) = &s.place {
        about.push(format!("about {place}"));
    }
    match (s.first, s.last) {
        (Some((a, fa)), Some((b, fb))) if a != b => {
            let (_, na) = w.fact(fa);
            let (_, nb) = w.fact(fb);
            let refs = if na == nb { na } else { format!("{na}{nb}") };
            about.push(format!("with figures from {a} to {b} {refs}"));
        }
        (Some((a, fa)), _) => {
            let (_, n) = w.fact(fa);
            about.push(format!("with figures for {a} {n}"));
        }
        _ => {}
    }
    if !s.subjects.is_empty() {
        about.push(format!("on {}", join_list(&s.subjects)));
    }
    if !about.is_empty() {
        out.push_str(", ");
        out.push_str(&about.join(", "));
    }
    out
}

/// A document's summary: its title (citing the line it comes from), then its sentences,
/// each cited.
pub(super) fn summary(
    w: &mut Writer,
    doc: usize,
    title: Option<Span>,
    sentences: &[Cited],
) -> String {
    let k = w.knowledge();
    let document = &k.corpus.documents[doc];
    let mut out = format!("“{}”", document.title);
    if let Some(line) = title {
        out.push(' ');
        out.push_str(&w.cite(Cited { doc, span: line }));
    }
    out.push_str(", in brief:");
    for cited in sentences {
        let text = cited
            .span
            .of(&k.corpus.documents[cited.doc].text)
            .trim_end()
            .trim_end_matches(['.', '!', '?', ';']);
        let n = w.cite(*cited);
        out.push_str(&format!(" {} {n}.", capitalise(text)));
    }
    out
}

/// A period that covers the year (or years) asked about.
pub(super) fn within(w: &mut Writer, year: i32, to: Option<i32>, fact: usize) -> String {
    let (f, n) = w.fact(fact);
    let ran = match (f.value as i32, f.end_year) {
        (first, Some(last)) if last != first => format!("which ran from {first} to {last}"),
        (first, _) => format!("which began in {first}"),
    };
    match to {
        Some(_) => format!(
            "The {} ran from {} {n}.",
            f.subject,
            ran.trim_start_matches("which ran from ")
                .trim_start_matches("which began in ")
        ),
        None => format!("{year} falls within the {}, {ran} {n}.", f.subject),
    }
}

/// A number of documents in words, when it has a word.
fn count_word(n: usize) -> Option<String> {
    let word = number_name(n as f64);
    (!word.chars().any(|c| c.is_ascii_digit())).then_some(word)
}
