//! Planning: an [`Understood`] question and the corpus give a [`Plan`], the routes that
//! may answer it in the order they are tried, each with its explicit fallback; running
//! the plan gives a finding, or the shortfall a refusal explains.

use crate::facts::FactQuery;
use crate::lang::{Op, Wh};
use crate::ops::{self, Ask, Cited, Finding, Knowledge, Outcome, Shortfall};
use crate::text;
use crate::understand::Understood;

/// One way a question may be answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    /// The conversation or the corpus as a whole: a greeting, a summary, a year.
    Converse,
    /// The document metadata asked for (title, source, date, address).
    Meta,
    /// Refuse: the question names things the corpus never mentions.
    Unknown(Vec<String>),
    /// The figure operation asked for, over the facts `query` selects.
    Figures { op: Op, query: FactQuery },
    /// The sentence that answers.
    Passage,
    /// The sentence that holds the most of the question, when it holds enough of it;
    /// with `number`, only a figure of that sentence answers.
    Floor { number: bool },
}

/// The routes to try, in order; when none answers, the question is refused.
#[derive(Clone, Debug)]
pub struct Plan {
    pub routes: Vec<Route>,
}

/// Plans how to answer a question.
pub fn plan(u: &Understood, k: &Knowledge) -> Plan {
    let mut routes = Vec::new();
    // A greeting is answered whatever its words; a summary or a year only when the
    // question names nothing the corpus lacks, and then with a sentence as a fallback.
    let op = u.op();
    if op.opens() {
        return Plan {
            routes: vec![Route::Converse],
        };
    }
    if op.converses() && u.blocking.is_empty() && u.missing.is_empty() {
        routes.extend([
            Route::Converse,
            Route::Passage,
            Route::Floor { number: false },
        ]);
        return Plan { routes };
    }
    // What a table shows is told by the sentence that introduces it, whatever the
    // question's other words.
    if ops::asks_of_a_table(u) {
        return Plan {
            routes: vec![Route::Floor { number: false }],
        };
    }
    if u.meta.is_some() && u.blocking.is_empty() {
        routes.push(Route::Meta);
    }
    let names_nothing =
        u.subjects.is_empty() && !u.names_measure && u.topic.is_empty() && u.soft.is_empty();
    if !u.blocking.is_empty() || (names_nothing && !u.unknown.is_empty()) {
        let words = if u.blocking.is_empty() {
            u.unknown.clone()
        } else {
            u.blocking.clone()
        };
        routes.push(Route::Unknown(words));
        return Plan { routes };
    }
    let figure_question = u.wh != Wh::Who
        && u.wh != Wh::Why
        && (u.intent.stated()
            || !u.subjects.is_empty()
            || u.measure.is_some()
            || !u.years.is_empty());
    // Words the corpus lacks: only a sentence that holds enough of the rest answers, and
    // a figure only if it is of what the question names — when it asks for a number, or
    // for something of a year.
    if !u.missing.is_empty() {
        routes.push(Route::Floor {
            number: (figure_question && !u.years.is_empty()) || ops::asks_number(u),
        });
        routes.push(Route::Unknown(u.missing.clone()));
        return Plan { routes };
    }
    // "Why did costs decrease from 2018 to 2019?" asks for the cause a sentence gives,
    // whatever operation its words name: the sentences are ranked by how much of the
    // question they (or the heading or sentence they follow) hold and whether they
    // give a cause.
    if u.wh == Wh::Why {
        routes.push(Route::Floor { number: false });
        return Plan { routes };
    }
    // A way ("How is diluted earnings per share computed?") or what a thing includes or
    // represents: the sentence that tells it, before the strict sentence match.
    if ops::asks_a_way(&u.text) || ops::asks_what_it_is_made_of(&u.text) {
        routes.push(Route::Floor { number: false });
        routes.push(Route::Passage);
        return Plan { routes };
    }
    if figure_question {
        routes.push(Route::Figures {
            op: u.op(),
            query: figure_query(u, k),
        });
    }
    // A question that asks for a number is not answered by quoting a sentence.
    let asks_number = matches!(u.wh, Wh::HowMany | Wh::HowMuch)
        || matches!(
            u.op(),
            Op::Cagr
                | Op::AverageIncrease
                | Op::Ratio
                | Op::Difference
                | Op::Sum
                | Op::Mean
                | Op::PercentChange
                | Op::AbsoluteChange
                | Op::ShareChange
                | Op::Implied
                | Op::Count
        );
    if !asks_number {
        routes.push(Route::Passage);
    }
    // A computed figure is never answered by quoting a sentence; a change may be, by
    // the sentence that states it.
    let computed = matches!(
        u.op(),
        Op::Cagr
            | Op::AverageIncrease
            | Op::Ratio
            | Op::Difference
            | Op::Sum
            | Op::Mean
            | Op::ShareChange
            | Op::Implied
    );
    let stated_change = matches!(u.op(), Op::PercentChange | Op::AbsoluteChange);
    if !computed {
        routes.push(Route::Floor {
            number: stated_change || ops::asks_number(u),
        });
    }
    Plan { routes }
}

/// The selection query of a figure question: by its lexicon subjects, or — when the
/// corpus has no fact of those subjects (a sector word inside a name, "the High-tech
/// Industrial Development Zone", or a sector the place's article does not have) — by its
/// words.
fn figure_query(u: &Understood, k: &Knowledge) -> FactQuery {
    let q = ops::query(u);
    if q.subjects.is_empty() {
        return q;
    }
    let named = k
        .facts
        .of_subjects_where(&q.subjects, q.place.as_deref())
        .into_iter()
        .any(|f| {
            q.subjects.contains(&f.subject)
                && k.facts.place_ok(&q, f)
                && k.facts.names_in_sentence(&q, f, k.passages)
        });
    if named {
        return q;
    }
    let mut topic = q.topic.clone();
    topic.extend(u.subject_words.iter().cloned());
    FactQuery {
        subjects: Vec::new(),
        topic,
        ..q
    }
}

/// What running a plan gives.
pub enum Answer {
    Found(Finding),
    /// A refusal, with the passages it offers.
    Refused(Shortfall, Vec<Cited>),
}

/// Runs a plan: the first route that answers wins; a route that finds the corpus short
/// of what was asked ends the plan with that shortfall.
pub fn run(plan: &Plan, u: &Understood, k: &Knowledge) -> Answer {
    let ask = Ask::new(u);
    // A figure route that finds the corpus short of what was asked still lets a sentence
    // answer; when none does, the refusal says what the corpus has.
    let mut short: Option<Shortfall> = None;
    for route in &plan.routes {
        match route {
            Route::Converse => match ops::converse(&ask, k) {
                Outcome::Answered(f) => return Answer::Found(f),
                Outcome::Short(s) => return Answer::Refused(s, Vec::new()),
                Outcome::NotFound => {}
            },
            Route::Meta => match ops::meta(&ask, k) {
                Outcome::Answered(f) => return Answer::Found(f),
                Outcome::Short(s) => return Answer::Refused(s, Vec::new()),
                Outcome::NotFound => {}
            },
            Route::Unknown(words) => {
                return Answer::Refused(
                    Shortfall::Unknown {
                        words: words.clone(),
                    },
                    ops::related(&ask, k),
                );
            }
            Route::Figures { op, query } => {
                let figures = ask.with_query(query.clone());
                let figures = figures.as_op(*op);
                match ops::figures(&figures, k) {
                    Outcome::Answered(f) if answers_focus(u, &f, k) => return Answer::Found(f),
                    Outcome::Short(s) => short = Some(s),
                    Outcome::Answered(_) | Outcome::NotFound => {}
                }
            }
            Route::Passage => {
                if short.is_none()
                    && let Some(f) = ops::passage(&ask, k)
                {
                    return Answer::Found(f);
                }
            }
            Route::Floor { number } => {
                if let Some(f) = ops::floor(&ask, k, *number || short.is_some()) {
                    return Answer::Found(f);
                }
            }
        }
    }
    match short {
        Some(s) => Answer::Refused(s, Vec::new()),
        None => match unmentioned_measure(u, k) {
            Some(measure) => Answer::Refused(
                Shortfall::Unknown {
                    words: vec![measure],
                },
                ops::related(&ask, k),
            ),
            None => Answer::Refused(Shortfall::NoAnswer, ops::related(&ask, k)),
        },
    }
}

/// The measure the question names (by the lexicon, "GDP" for gross domestic product)
/// when no word of the corpus names it, neither as the question writes it nor by its
/// lexicon name: the refusal then says what the corpus lacks.
fn unmentioned_measure(u: &Understood, k: &Knowledge) -> Option<String> {
    let measure = u.measure.as_ref()?;
    // A phrase is absent when one of its words is.
    let absent = |text: &str| {
        crate::search::analyze(text)
            .iter()
            .any(|w| k.text.doc_freq(w) == 0)
    };
    (!u.measure_words.is_empty() && u.measure_words.iter().all(|w| absent(w)) && absent(measure))
        .then(|| measure.clone())
}

/// True when the facts a finding uses hold every focus word of the question ("what
/// transformation..." is not answered by a ratio).
fn answers_focus(u: &Understood, finding: &Finding, k: &Knowledge) -> bool {
    let facts = finding.facts();
    u.focus.iter().all(|focus| {
        facts
            .iter()
            .filter_map(|id| k.facts.get(*id))
            .any(|f| k.facts.own(f).iter().any(|w| text::stems_match(w, focus)))
    })
}
