//! Document metadata: when a document was published, by whom, its title and address.

use crate::text;
use crate::understand::MetaKey;

use super::{Ask, Finding, Knowledge, Outcome, Shortfall, Statement};

/// The documents a question is about: those whose place it names or whose title holds a
/// topic word, else all.
pub fn docs_for(a: &Ask, k: &Knowledge) -> Vec<usize> {
    let docs = &k.corpus.documents;
    let named: Vec<usize> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            let title: Vec<String> = text::words(&d.title).into_iter().map(|w| w.stem).collect();
            a.u.place.as_deref().is_some_and(|pl| {
                d.place
                    .as_deref()
                    .is_some_and(|dp| dp.eq_ignore_ascii_case(pl))
            }) || a
                .u
                .topic
                .iter()
                .any(|t| title.iter().any(|w| text::stems_match(w, t)))
        })
        .map(|(i, _)| i)
        .collect();
    if named.is_empty() {
        (0..docs.len()).collect()
    } else {
        named
    }
}

/// The metadata field asked for, of each document the question is about.
pub fn meta(a: &Ask, k: &Knowledge) -> Outcome {
    let Some(key) = a.u.meta else {
        return Outcome::NotFound;
    };
    let wanted = match key {
        MetaKey::Date => "date",
        MetaKey::Source => "source",
        MetaKey::Title => "title",
        MetaKey::Url => "url",
    };
    let mut statements = Vec::new();
    let mut missing = Vec::new();
    for doc_index in docs_for(a, k) {
        let doc = &k.corpus.documents[doc_index];
        let field = doc
            .fields
            .iter()
            .find(|f| f.key == wanted || (wanted == "source" && f.key == "publisher"));
        match field {
            Some(field) => statements.push(Statement::Meta {
                doc: doc_index,
                key,
                line: field.line,
                value: field.value.clone(),
            }),
            None => missing.push(doc.title.clone()),
        }
    }
    if !statements.is_empty() {
        return Outcome::Answered(Finding::of(statements));
    }
    if missing.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Short(Shortfall::MetaMissing { titles: missing })
    }
}
