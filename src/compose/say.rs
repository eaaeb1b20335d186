//! One English sentence for each kind of statement, note and shortfall.

use crate::facts::{Fact, FactKind};
use crate::ops::{
    Bound, Calc, Cited, Combination, Computation, ExtremeOf, Note, Shortfall, Statement,
};
use crate::understand::MetaKey;

use super::numbers::{
    fmt_number, fmt_percent, fmt_scaled, fmt_signed, fmt_times, human_date, number_name,
};
use super::words::{
    capitalise, figure_phrase, figure_with_years, join_list, label, possessive, possessive_lower,
    stated_multiple, target_name, year_text,
};
use super::working::{expression, shares_of, shown};
use super::{Writer, converse, only_meta};

/// The statements of one finding, as sentences. When they speak of several documents'
/// places, each sentence says whose it is ("Qingshui: ...").
pub(super) fn statements(w: &mut Writer, statements: &[Statement]) -> String {
    if only_meta(statements) {
        let parts: Vec<String> = statements.iter().map(|s| statement(w, s)).collect();
        return format!("{}.", parts.join("; "));
    }
    let k = w.knowledge();
    let place_of = |s: &Statement| -> Option<String> {
        let fact = k.facts.get(*s.facts().first()?)?;
        Some(
            fact.place
                .clone()
                .unwrap_or_else(|| k.corpus.documents[k.doc_index(&fact.doc_id)].title.clone()),
        )
    };
    let places: Vec<Option<String>> = statements.iter().map(place_of).collect();
    let mut distinct: Vec<&String> = places.iter().flatten().collect();
    distinct.sort();
    distinct.dedup();
    let several = distinct.len() > 1;
    let sentences: Vec<String> = statements
        .iter()
        .zip(&places)
        .map(|(s, place)| {
            let sentence = statement(w, s);
            match place {
                Some(p) if several && !sentence.contains(p.as_str()) => format!("{p}: {sentence}"),
                _ => sentence,
            }
        })
        .collect();
    sentences.join(" ")
}

fn statement(w: &mut Writer, s: &Statement) -> String {
    if let Some(c) = s.computation() {
        let unit = c.unit.clone();
        w.derive(expression(c), c.result, &unit);
    }
    match s {
        Statement::Stated { fact, asked_unit } => {
            let (f, n) = w.fact(*fact);
            let mut sentence = state(f, &n, titled(w, f));
            if let Some(asked) = asked_unit {
                sentence.push_str(&format!(
                    " (the article gives it in {}, not in {asked})",
                    f.unit
                ));
            }
            sentence
        }
        Statement::StatedNoEstimate { fact } => {
            let (f, n) = w.fact(*fact);
            format!(
                "{} The article states it, so no estimate is needed.",
                state(f, &n, titled(w, f))
            )
        }
        Statement::Computed {
            subject,
            from,
            to,
            computed,
        } => {
            let (a, na) = w.fact(*from);
            let (b, nb) = w.fact(*to);
            let verb = match computed.calc {
                Calc::Multiple { .. } => format!("grew {} times", fmt_times(computed.result)),
                _ => format!("changed by {}", shown(computed)),
            };
            // "increased from $390,000 to $440,000" within one year: the two ends alone.
            if a.year == b.year {
                return format!(
                    "{}'s {} {verb} from {} {na} to {} {nb}: {}.",
                    capitalise(subject),
                    a.measure,
                    a.surface,
                    b.surface,
                    expression(computed)
                );
            }
            format!(
                "{}'s {} {verb} from {} ({} {na}) to {} ({} {nb}): {}.",
                capitalise(subject),
                a.measure,
                year_text(a.year),
                a.surface,
                year_text(b.year),
                b.surface,
                expression(computed)
            )
        }
        Statement::StatedGrowth {
            subject,
            multiple,
            measure,
            check,
        } => {
            let (m, n) = w.fact(*multiple);
            let mut sentence = format!(
                "{} {measure} grew {} from {} to {} {n}.",
                possessive(subject),
                stated_multiple(m),
                year_text(m.base_year),
                year_text(m.year)
            );
            if let Some(check) = check {
                let (_, na) = w.fact(check.from);
                let (_, nb) = w.fact(check.to);
                let refs = if na == nb { na } else { format!("{na}{nb}") };
                let verdict = if check.consistent {
                    format!("consistent with the stated “{}”", stated_multiple(m))
                } else {
                    format!("which does not match the stated “{}”", stated_multiple(m))
                };
                sentence.push_str(&format!(
                    " From the stated values {refs}: {}, {verdict}.",
                    expression(&check.computed)
                ));
            }
            sentence
        }
        Statement::StatedAverageGrowth { fact } => {
            let (f, n) = w.fact(*fact);
            let since = f.base_year.map_or(String::new(), |y| format!(" since {y}"));
            format!(
                "{} {} grew at an average annual rate of {}{since} {n}.",
                possessive(&f.subject),
                f.measure,
                figure_phrase(f)
            )
        }
        Statement::AverageGrowth {
            subject,
            from,
            to,
            computed,
        } => {
            let (a, na) = w.fact(*from);
            let (b, nb) = w.fact(*to);
            let refs = if na == nb { na } else { format!("{na}{nb}") };
            format!(
                "{}'s {} grew at an average annual rate of {} percent from {} to {}, from {} to {} {refs}: {}.",
                capitalise(subject),
                a.measure,
                fmt_percent(computed.result),
                year_text(a.year),
                year_text(b.year),
                a.surface,
                b.surface,
                expression(computed)
            )
        }
        Statement::AverageGrowthOfMultiple {
            subject,
            multiple,
            computed,
        } => {
            let (m, n) = w.fact(*multiple);
            format!(
                "{} grew at an average annual rate of about {} percent from {} to {}, given its growth of {} {n}: {}.",
                capitalise(subject),
                fmt_percent(computed.result),
                year_text(m.base_year),
                year_text(m.year),
                stated_multiple(m),
                expression(computed)
            )
        }
        Statement::AverageIncrease {
            target,
            from,
            to,
            computed,
        } => {
            let (a, na) = w.fact(*from);
            let (b, nb) = w.fact(*to);
            let verb = if computed.result < 0.0 {
                "fell"
            } else {
                "rose"
            };
            let name = target_name(target, a.place.as_deref());
            let what = if name == a.subject {
                format!("{} {}", possessive(&name), a.measure)
            } else {
                capitalise(&name)
            };
            format!(
                "{what} {verb} by an average of {} from {} to {}, from {} {na} to {} {nb}: {}.",
                shown(&Computation {
                    result: computed.result.abs(),
                    ..computed.clone()
                }),
                year_text(a.year),
                year_text(b.year),
                a.surface,
                b.surface,
                expression(computed)
            )
        }
        Statement::Implied {
            subject,
            amount,
            multiple,
            base_year,
            computed,
            bound,
        } => {
            let (f, a) = w.fact(*amount);
            let (m, mn) = w.fact(*multiple);
            let bound = match bound {
                Bound::Exact => "",
                Bound::Upper => " an upper bound",
                Bound::Lower => " a lower bound",
                Bound::Approximate => " an approximation",
            };
            let hedge = if bound.is_empty() {
                String::new()
            } else {
                format!(
                    " Because the multiple is stated as “{}”, this is{bound}.",
                    stated_multiple(m)
                )
            };
            format!(
                "About {}: the article does not state {subject}'s {} for {base_year}, but it gives {} for {} {a} as {} that of {base_year} {mn}, and {}.{hedge}",
                shown(computed),
                f.measure,
                f.surface,
                f.year.map_or_else(String::new, |y| y.to_string()),
                stated_multiple(m),
                expression(computed)
            )
        }
        Statement::ImpliedByChange {
            target,
            amount,
            change,
            year,
            computed,
        } => {
            let (f, a) = w.fact(*amount);
            let (c, cn) = w.fact(*change);
            format!(
                "About {}: the article does not state {} for {year}, but it gives {} for {} {a}, a change of {} percent from {year} {cn}, and {}.",
                shown(computed),
                target_name(target, f.place.as_deref()),
                f.surface,
                year_text(f.year),
                fmt_signed(c.value),
                expression(computed)
            )
        }
        Statement::PerUnit {
            amount,
            divisor,
            computed,
        } => {
            let (f, a) = w.fact(*amount);
            let (d, n) = w.fact(*divisor);
            format!(
                "About {}: the article states no such average, but it gives {} {} {a} and {} {} {n}, and {}.",
                shown(computed),
                label(f),
                f.surface,
                label(d),
                d.surface,
                expression(computed)
            )
        }
        Statement::ShareOfTotal {
            subject,
            own,
            parts,
            year,
            computed,
        } => {
            let (o, _) = w.fact(*own);
            let refs: String = parts.iter().map(|p| w.fact(*p).1).collect();
            format!(
                "{} made up {} percent of the combined {} of the {} sectors the article gives for {year} {refs}: {}.",
                capitalise(subject),
                fmt_percent(computed.result),
                o.measure,
                parts.len(),
                expression(computed)
            )
        }
        Statement::PartOfWhole {
            part,
            whole,
            computed,
        } => {
            let (p, np) = w.fact(*part);
            let (t, nt) = w.fact(*whole);
            let refs = if np == nt { np } else { format!("{nt}{np}") };
            let whole = if !t.unit.is_empty()
                && !crate::ops::is_money(&t.unit)
                && !t.surface.contains(t.unit.as_str())
            {
                format!("{} {}", figure_phrase(t), t.unit)
            } else {
                figure_phrase(t)
            };
            format!(
                "{} of {whole} is {} percent {refs}: {}.",
                p.surface,
                fmt_percent(computed.result),
                expression(computed)
            )
        }
        Statement::ShareChange {
            subject,
            from,
            to,
            computed,
        } => {
            let (a, na) = w.fact(*from);
            let (b, nb) = w.fact(*to);
            let verb = if computed.result < 0.0 {
                "fell"
            } else {
                "rose"
            };
            format!(
                "{}'s share {verb} from {} percent in {} {na} to {} percent in {} {nb}, a change of {} percentage points ({}).",
                capitalise(subject),
                fmt_number(a.value),
                year_text(a.year),
                fmt_number(b.value),
                year_text(b.year),
                fmt_signed(computed.result),
                expression(computed)
            )
        }
        Statement::Combined {
            how,
            parts,
            computed,
        } => combined(w, *how, parts, computed),
        Statement::Extreme {
            best,
            others,
            of,
            max,
        } => {
            let (b, nb) = w.fact(*best);
            let others: Vec<String> = others
                .iter()
                .map(|id| {
                    let (f, n) = w.fact(*id);
                    format!("{} for {} {n}", figure_phrase(f), f.subject)
                })
                .collect();
            let word = match (of, max) {
                (ExtremeOf::Growth, true) => "grew the most",
                (ExtremeOf::Growth, false) => "grew the least",
                (ExtremeOf::Share, true) => "had the largest share",
                (ExtremeOf::Share, false) => "had the smallest share",
                (_, true) => "was the largest",
                (_, false) => "was the smallest",
            };
            let span = match of {
                ExtremeOf::Growth => {
                    format!(" from {} to {}", year_text(b.base_year), year_text(b.year))
                }
                _ => b.year.map_or(String::new(), |y| format!(" in {y}")),
            };
            format!(
                "{} {word}: {}{span} {nb}, against {}.",
                capitalise(&b.subject),
                figure_phrase(b),
                join_list(&others)
            )
        }
        Statement::Structure { year, parts } => {
            let Some(first) = parts.first() else {
                return String::new();
            };
            let (f, n) = w.fact(*first);
            let names: Vec<String> = parts
                .iter()
                .map(|id| {
                    let (p, _) = w.fact(*id);
                    format!("{} {} {}", p.subject, fmt_number(p.value), p.unit)
                })
                .collect();
            format!(
                "In {} the structure was {} {n}: {}.",
                year_text(*year),
                f.surface,
                join_list(&names)
            )
        }
        Statement::Period { fact } | Statement::Rank { fact } => {
            let (f, n) = w.fact(*fact);
            state(f, &n, titled(w, f))
        }
        Statement::Count { fact } => {
            let (f, n) = w.fact(*fact);
            let count = number_name(f.value);
            if f.items.is_empty() {
                format!("The article gives {count} {} {n}.", f.subject)
            } else {
                let all = f.items.len() == f.value as usize;
                let lead = if all { "are" } else { "include" };
                format!("The {count} {} {lead} {} {n}.", f.unit, join_list(&f.items))
            }
        }
        Statement::Passage {
            sentence,
            part,
            next,
            ..
        } => {
            let n = w.cite(*sentence);
            let part = capitalise(part.trim_end().trim_end_matches(['.', '!', '?', ';']));
            let mut out = format!("{part} {n}.");
            if let Some(next) = next {
                let m = w.cite(*next);
                let doc = &w.knowledge().corpus.documents[next.doc];
                let text = next
                    .span
                    .of(&doc.text)
                    .trim_end()
                    .trim_end_matches(['.', '!', '?', ';']);
                out = format!("{out} {text} {m}.");
            }
            out
        }
        Statement::AlsoIn { doc, others } => {
            let k = w.knowledge();
            let name = |d: usize| {
                let doc = &k.corpus.documents[d];
                doc.place
                    .clone()
                    .unwrap_or_else(|| format!("“{}”", doc.title))
            };
            let others: Vec<String> = others.iter().map(|d| name(*d)).collect();
            format!(
                "This is for {}; the corpus gives such figures for {} too.",
                name(*doc),
                join_list(&others)
            )
        }
        Statement::Meta {
            doc,
            key,
            line,
            value,
        } => {
            let n = w.cite(Cited {
                doc: *doc,
                span: *line,
            });
            let document = &w.knowledge().corpus.documents[*doc];
            let title = &document.title;
            match key {
                MetaKey::Date => {
                    // Print the ISO form only when the cited line holds it.
                    let holds_iso = line.of(&document.text).contains(value.as_str());
                    match human_date(value) {
                        Some(h) if holds_iso => {
                            format!("“{title}” was published on {h} ({value}) {n}")
                        }
                        Some(h) => format!("“{title}” was published on {h} {n}"),
                        None => format!("“{title}” was published on {value} {n}"),
                    }
                }
                MetaKey::Source => format!("“{title}” was published by {value} {n}"),
                MetaKey::Title => format!("The article is titled “{value}” {n}"),
                MetaKey::Url => format!("“{title}” is at {value} {n}"),
            }
        }
        Statement::Overview { manner, docs, more } => converse::overview(w, *manner, docs, *more),
        Statement::Summary {
            doc,
            title,
            sentences,
        } => converse::summary(w, *doc, *title, sentences),
        Statement::Within { year, to, fact } => converse::within(w, *year, *to, *fact),
    }
}

fn combined(w: &mut Writer, how: Combination, parts: &[usize], computed: &Computation) -> String {
    let facts: Vec<(&Fact, String)> = parts.iter().map(|id| w.fact(*id)).collect();
    let Some((first, _)) = facts.first() else {
        return String::new();
    };
    // Figures of one subject over years are told apart by their years.
    let over_years = facts
        .iter()
        .all(|(f, _)| f.subject == first.subject && f.measure == first.measure)
        && facts.iter().any(|(f, _)| f.year != first.year);
    let listed: Vec<String> = facts
        .iter()
        .map(|(f, n)| match (over_years, f.year) {
            (true, Some(y)) => format!("{} in {y} {n}", f.surface),
            _ => format!("{} {} {n}", label(f), f.surface),
        })
        .collect();
    if over_years {
        let years: Vec<String> = facts
            .iter()
            .filter_map(|(f, _)| f.year.map(|y| y.to_string()))
            .collect();
        let name = format!("{} {}", possessive_lower(&first.subject), first.measure);
        let what = if how == Combination::Mean {
            "average"
        } else {
            "sum"
        };
        return format!(
            "The {what} of {name} for {} was {}: {} ({}).",
            join_list(&years),
            shown(computed),
            join_list(&listed),
            expression(computed)
        );
    }
    let year = first.year.map_or(String::new(), |y| format!(" in {y}"));
    let measure = &first.measure;
    let unit = &first.unit;
    match (how, facts.get(1)) {
        (Combination::Mean, _) => format!(
            "The average {measure}{year} was {}: {} ({}).",
            shown(computed),
            join_list(&listed),
            expression(computed)
        ),
        (Combination::Sum, _) | (_, None) => format!(
            "The combined {measure}{year} was {}: {} ({}).",
            shown(computed),
            join_list(&listed),
            expression(computed)
        ),
        (Combination::Difference, Some((b, _))) => {
            let more = if computed.result >= 0.0 {
                "more"
            } else {
                "less"
            };
            format!(
                "{}'s {measure}{year} was {} {unit} {more} than {}'s: {} against {} ({} {unit}).",
                capitalise(&first.subject),
                fmt_scaled(computed.result.abs(), 4),
                b.subject,
                listed[0],
                listed[1],
                expression(computed)
            )
        }
        (Combination::Ratio, Some((b, _))) => format!(
            "{}'s {measure}{year} was {} times {}'s: {} against {} ({}).",
            capitalise(&first.subject),
            fmt_times(computed.result),
            b.subject,
            listed[0],
            listed[1],
            expression(computed)
        ),
    }
}

/// A consistency note.
pub(super) fn note(w: &mut Writer, note: &Note) -> String {
    match note {
        Note::Structure {
            year,
            parts,
            amounts,
            computed,
        } => {
            let unit = computed.unit.clone();
            w.derive(expression(computed), computed.result, &unit);
            let (first, sn) = w.fact(parts[0]);
            let mut refs = sn;
            let mut values = Vec::new();
            let mut measure = String::new();
            for id in amounts {
                let (f, n) = w.fact(*id);
                if measure.is_empty() {
                    measure = f.measure.clone();
                }
                values.push(fmt_scaled(f.value, 4));
                if !refs.contains(&n) {
                    refs.push_str(&n);
                }
            }
            let shares = match &computed.calc {
                Calc::StructureShares { values } => shares_of(values),
                _ => Vec::new(),
            };
            format!(
                "The article's own figures disagree: its {year} structure {} does not match its {year} {measure} of {} {unit}, which give {} {refs}.",
                first.surface,
                join_list(&values),
                shares.join(":")
            )
        }
        Note::Multiple {
            subject,
            multiple,
            computed,
        } => {
            let (m, _) = w.fact(*multiple);
            format!(
                "The stated growth of {subject} (“{}”) does not match its stated values: {}.",
                stated_multiple(m),
                expression(computed)
            )
        }
    }
}

/// A part of a compound question the corpus does not answer (`index` from 0), with the
/// refusal's sentence.
pub(super) fn unanswered_part(index: usize, refusal: &str) -> String {
    const ORDINALS: [&str; 4] = ["first", "second", "third", "fourth"];
    let which = ORDINALS.get(index).copied().unwrap_or("last");
    let mut chars = refusal.chars();
    let refusal = match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect::<String>(),
        None => String::new(),
    };
    format!("As for the {which} part of the question, {refusal}")
}

/// A refusal's first sentence.
pub(super) fn shortfall(w: &mut Writer, shortfall: &Shortfall) -> String {
    match shortfall {
        Shortfall::NearMiss { years, offers } => {
            let mut parts = Vec::new();
            for offer in offers {
                let phrases: Vec<String> = offer
                    .facts
                    .iter()
                    .map(|id| {
                        let (f, n) = w.fact(*id);
                        format!("{} {n}", figure_with_years(f))
                    })
                    .collect();
                parts.push(format!(
                    "for {} it gives {}",
                    target_name(&offer.target, offer.place.as_deref()),
                    join_list(&phrases)
                ));
            }
            // A year no article could give is not repeated back ("in 9999").
            let plausible = years.iter().all(|y| (1000..=2100).contains(y));
            let years = if years.is_empty() {
                String::new()
            } else if !plausible {
                " for the year asked".to_string()
            } else {
                format!(
                    " for {}",
                    join_list(&years.iter().map(|y| y.to_string()).collect::<Vec<_>>())
                )
            };
            format!(
                "The corpus does not give what was asked{years}; {}.",
                parts.join("; ")
            )
        }
        Shortfall::Unknown { words } => {
            // At most three words of the question, and none with a digit: a refusal never
            // prints a number the corpus lacks.
            let quoted: Vec<String> = words
                .iter()
                .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
                .take(3)
                .map(|w| format!("“{w}”"))
                .collect();
            if quoted.is_empty() {
                return "The corpus does not mention what the question asks about, so it cannot answer this.".to_string();
            }
            let mut sentence = format!(
                "The corpus does not mention {}, so it cannot answer this.",
                join_list(&quoted)
            );
            // A name the corpus lacks, where the corpus is about places: say which it has.
            let mut places: Vec<String> = w
                .knowledge()
                .corpus
                .documents
                .iter()
                .filter_map(|d| d.place.clone())
                .collect();
            places.sort();
            places.dedup();
            let names = words.iter().any(|w| w.starts_with(char::is_uppercase));
            if names && !places.is_empty() {
                sentence.push_str(&format!(" It covers {}.", join_list(&places)));
            }
            sentence
        }
        Shortfall::MetaMissing { titles } => {
            let titles: Vec<String> = titles.iter().map(|t| format!("“{t}”")).collect();
            format!("The corpus does not give that for {}.", join_list(&titles))
        }
        Shortfall::NoAnswer => "The corpus does not answer this question.".to_string(),
        Shortfall::NoYear => "No sentence of the corpus is dated in that year and no period it names covers it, so it cannot say what happened then.".to_string(),
    }
}

/// True when a fact's subject is only its document's title: the subject a figure takes
/// when its sentence names none of its own ("Annual report excerpt").
fn titled(w: &Writer, f: &Fact) -> bool {
    let k = w.knowledge();
    k.corpus
        .documents
        .get(k.doc_index(&f.doc_id))
        .is_some_and(|d| d.title == f.subject)
}

/// A fact stated as a sentence with its citation marker. A subject that is only the
/// document's title is left out where the measure can stand alone: "Operating income was
/// $231.8 million", not "Annual report excerpt's operating income was ...".
fn state(f: &Fact, n: &str, titled: bool) -> String {
    let subject = capitalise(&f.subject);
    let named_measure = titled && !f.measure.is_empty() && !f.measure.starts_with("value");
    let figure = figure_phrase(f);
    let year = match f.year {
        Some(y) if !f.year_inferred => format!(" in {y}"),
        _ => String::new(),
    };
    let span = match (f.base_year, f.year) {
        (Some(b), Some(y)) => format!(" from {b} to {y}"),
        _ => year.clone(),
    };
    // "Interest expense decreased $54.7 million from 2018 to 2019": an amount that is a
    // change says so.
    if f.rule == "change-amount"
        && let Some(c) = regex!(r"^(increase|decrease)(?: in (.+))?$").captures(&f.measure)
    {
        let verb = if &c[1] == "increase" {
            "increased"
        } else {
            "decreased"
        };
        let what = c.get(2).map_or(subject.clone(), |thing| {
            if titled {
                capitalise(thing.as_str())
            } else {
                format!("{} {}", possessive(&f.subject), thing.as_str())
            }
        });
        return format!("{what} {verb} {figure}{span} {n}.");
    }
    match f.kind {
        FactKind::Amount | FactKind::Share | FactKind::Percent if named_measure => {
            format!("{} was {figure}{year} {n}.", capitalise(&f.measure))
        }
        FactKind::Amount | FactKind::Share | FactKind::Percent => format!(
            "{} {} was {figure}{year} {n}.",
            possessive(&f.subject),
            f.measure
        ),
        FactKind::StructurePart => format!(
            "{} share was {figure}{year}, by the stated structure {} {n}.",
            possessive(&f.subject),
            f.surface
        ),
        FactKind::Change | FactKind::AverageGrowth => {
            let since = match (f.base_year, f.year) {
                (Some(_), Some(_)) => span,
                (Some(b), None) => format!(" from {b}"),
                _ => year,
            };
            let verb = if f.value < 0.0 { "fell" } else { "grew" };
            format!("{subject} {verb} {figure}{since} {n}.")
        }
        FactKind::Multiple => format!(
            "{subject} grew {figure} from {} to {} {n}.",
            year_text(f.base_year),
            year_text(f.year)
        ),
        FactKind::Count => format!(
            "The article gives {} {} {n}.",
            number_name(f.value),
            f.subject
        ),
        FactKind::Period => format!(
            "The {} ran from {} to {} {n}.",
            f.subject,
            year_text(f.year),
            year_text(f.end_year)
        ),
        FactKind::Rank => {
            let among = f
                .among
                .as_deref()
                .map_or(String::new(), |a| format!(" among {a}"));
            format!("{subject} ranked {}{among}{year} {n}.", f.surface)
        }
    }
}
