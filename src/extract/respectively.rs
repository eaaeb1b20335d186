//! "respectively": each figure of a coordination goes with its member of the coordinated
//! subjects ("the secondary and tertiary industries contributed A and B respectively",
//! "the secondary and tertiary industries respectively hit A and B") or of the
//! coordinated years ("$178.4 million and $210.3 million higher as of June 30, 2019 and
//! 2018, respectively"). The figures of one coordination share their kind: in "decreased
//! 2.9 percent, 4.1 percent and 1.3 percent, respectively" all three are falls.

use crate::facts::FactKind;

use super::{Mention, Sentence, cues, phrases};

/// What a figure of a "respectively" coordination takes from it.
#[derive(Clone, Debug)]
pub(super) struct Member {
    /// The coordinated subject it goes with, as written ("secondary industries").
    pub subject: Option<String>,
    /// The coordinated year it goes with.
    pub year: Option<i32>,
    /// Its place in the coordination, from 0.
    pub position: usize,
    /// The kind of every figure of the coordination: a share or change when the wording
    /// around any of them says so.
    pub kind: FactKind,
    /// True when the coordination's verb is a fall ("decreased A, B and C").
    pub fall: bool,
    /// What the coordination's shares are of ("A, B and C of our revenue").
    pub share_of: Option<String>,
}

impl Sentence<'_> {
    /// For every figure, the member of a "respectively" coordination it belongs to.
    pub(super) fn respectively(&self, mentions: &[Mention]) -> Vec<Option<Member>> {
        let text = self.text;
        let mut out: Vec<Option<Member>> = vec![None; mentions.len()];
        // "the U.K., France and Italy decreased A, B and C, respectively, but grew D, E
        // and F, respectively": a later coordination of the sentence may pair with the
        // subjects of the one before.
        let mut earlier: Option<Vec<String>> = None;
        for r in regex!(r"(?i)\brespectively\b").find_iter(text) {
            // "A and B respectively" names its members before the figures; "respectively
            // hit A and B" puts the figures after it.
            let last_before = (0..mentions.len())
                .rev()
                .find(|&i| mentions[i].span.end <= r.start() && out[i].is_none())
                .filter(|&i| !text[mentions[i].span.end..r.start()].contains([';', ':']));
            let first_after = (0..mentions.len())
                .find(|&i| mentions[i].span.start >= r.end() && out[i].is_none())
                .filter(|&i| !text[r.end()..mentions[i].span.start].contains([';', ':', ',']));
            let before = last_before
                .map(|i| chain(text, mentions, i, false))
                .unwrap_or_default();
            let (chained, after) = if before.len() >= 2 {
                (before, false)
            } else {
                let after = first_after
                    .map(|i| chain(text, mentions, i, true))
                    .unwrap_or_default();
                if after.len() < 2 {
                    continue;
                }
                (after, true)
            };
            let first = mentions[chained[0]].span.start;
            let named_end = if after { r.start() } else { first };
            let clause =
                phrases::clause_start(&text[..first.min(named_end)]).max(self.opening.min(first));
            let named = &text[clause..named_end.max(clause)];
            let last = mentions[chained[chained.len() - 1]].span.end;
            // The figures of one unit are the coordination's members: "$0.3 million, or
            // 1%, and $1.1 million, or 9%, ... respectively" coordinates the amounts and,
            // apart, the percents.
            let mut units: Vec<&str> = Vec::new();
            for &i in &chained {
                if !units.contains(&mentions[i].unit.as_str()) {
                    units.push(mentions[i].unit.as_str());
                }
            }
            for unit in units {
                let members: Vec<usize> = chained
                    .iter()
                    .copied()
                    .filter(|&i| mentions[i].unit == unit)
                    .collect();
                let n = members.len();
                if n < 2 {
                    continue;
                }
                // Years listed right before "respectively" pair with the figures first
                // ("... as of June 30, 2019 and 2018, respectively"), then coordinated
                // subjects, then years listed anywhere in the sentence ("At December 31,
                // 2019 and 2018 there were A and B shares, respectively").
                let near_years = (!after)
                    .then(|| cues::year_list(&text[last.min(r.start())..r.start()], n))
                    .flatten();
                let subjects = match near_years {
                    Some(_) => None,
                    None => self.coordinated_subjects(named, clause, n),
                };
                let years = near_years.or_else(|| {
                    subjects
                        .is_none()
                        .then(|| cues::year_list(text, n))
                        .flatten()
                });
                let subjects = match (subjects, &years) {
                    (None, None) => earlier.clone().filter(|e| e.len() == n),
                    (s, _) => s,
                };
                if subjects.is_some() {
                    earlier.clone_from(&subjects);
                }
                // Without subjects or years to pair with, the figures still share their
                // kind ("grew A, B and C, respectively").
                let (kind, fall, share_of) = self.shared_kind(mentions, &members);
                for (k, &i) in members.iter().enumerate() {
                    out[i] = Some(Member {
                        subject: subjects.as_ref().and_then(|s| s.get(k).cloned()),
                        year: years.as_ref().and_then(|y| y.get(k).copied()),
                        position: k,
                        kind,
                        fall,
                        share_of: share_of.clone(),
                    });
                }
            }
        }
        out
    }

    /// The `n` members of the coordination in `named` (which starts at `clause`): split
    /// from its noun phrase ("secondary and tertiary industries"), or the lexicon
    /// subjects it lists ("the primary, secondary and tertiary sectors").
    fn coordinated_subjects(&self, named: &str, clause: usize, n: usize) -> Option<Vec<String>> {
        if let Some(np) = phrases::noun_phrase(named, self.doc.place.as_deref())
            && let Some(items) = phrases::split_coordination(&np.text, n)
        {
            return Some(items);
        }
        // "The statutory tax rates for China and Mexico are": the coordination after a
        // preposition.
        for (_, tail) in regex!(r"(?i)\s(?:for|of|in|from|at|by)\s")
            .find_iter(named)
            .map(|m| named.split_at(m.end()))
        {
            if let Some(np) = phrases::noun_phrase(tail, self.doc.place.as_deref())
                && let Some(items) = phrases::split_coordination(&np.text, n)
            {
                return Some(items);
            }
            // "of the primary, secondary and tertiary industries stood at": the listed
            // modifiers of one noun, up to the clause's verb.
            let en = crate::lang::english();
            let words: Vec<&str> = tail.split_whitespace().collect();
            let verb = words
                .iter()
                .position(|w| {
                    let w = w.trim_end_matches(',').to_lowercase();
                    en.is_inflected_verb(&w)
                        || [
                            "is", "are", "was", "were", "stood", "hit", "reached", "totaled",
                        ]
                        .contains(&w.as_str())
                })
                .unwrap_or(words.len());
            let listed = words[..verb].join(" ");
            let listed = listed.trim_start_matches("the ");
            if verb > 0
                && !listed.contains(|c: char| c.is_ascii_digit())
                && let Some(items) = phrases::split_coordination(listed, n)
            {
                return Some(items);
            }
        }
        // "The three industries respectively contributed": the document's sectors in the
        // order it first names them.
        if let Some(c) =
            regex!(r"(?i)\b(two|three|four|five|\d)\s+(?:industries|sectors)\b").captures(named)
            && (super::number_word(&c[1]).or_else(|| c[1].parse().ok()) == Some(n as f64))
            && self.order.len() >= n
        {
            return Some(self.order[..n].to_vec());
        }
        // "the U.K., France and Italy decreased": a list of names.
        if let Some(items) = phrases::name_list(named, n) {
            return Some(items);
        }
        let end = clause + named.len();
        let inside: Vec<_> = self
            .subjects
            .iter()
            .filter(|s| s.span.start >= clause && s.span.end <= end)
            .collect();
        (0..inside.len().saturating_sub(n - 1)).find_map(|i| {
            let run = &inside[i..i + n];
            let listed = run.windows(2).all(|w| {
                let between = &self.text[w[0].span.end..w[1].span.start];
                regex!(r"^\s*(?:,\s*)?(?:and|or|as well as|,)?\s*$").is_match(between)
            });
            listed.then(|| run.iter().map(|m| m.canonical.clone()).collect())
        })
    }

    /// The kind the figures of a coordination share: a share or a change when the
    /// wording around any of them says so, else the first one's; whether they fall; and
    /// what their shares are of.
    fn shared_kind(
        &self,
        mentions: &[Mention],
        members: &[usize],
    ) -> (FactKind, bool, Option<String>) {
        let text = self.text;
        let context = |i: usize| {
            let m = &mentions[i];
            (&text[..m.span.start], &text[m.span.end..])
        };
        let kinds: Vec<FactKind> = members
            .iter()
            .map(|&i| {
                let (left, right) = context(i);
                self.kind(&mentions[i], left, right)
            })
            .collect();
        let kind = [FactKind::Share, FactKind::Change]
            .into_iter()
            .find(|k| kinds.contains(k))
            .unwrap_or(kinds[0]);
        let fall = members.iter().any(|&i| {
            let (left, right) = context(i);
            cues::is_fall(left, right)
        });
        let share_of = members.iter().find_map(|&i| {
            let (left, right) = context(i);
            cues::share_of(left, right).filter(|s| s != "share")
        });
        (kind, fall, share_of)
    }
}

/// The figures joined to figure `at` in a list ("A, B and C", "A, or 1%, and B"),
/// backwards or `forward`, in the order written.
fn chain(text: &str, mentions: &[Mention], at: usize, forward: bool) -> Vec<usize> {
    // "2.8 million kilowatts and 1.55 million kilowatts": the counted noun of the first
    // figure may stand between them.
    let joined = |a: usize, b: usize| {
        let between = text[mentions[a].span.end..mentions[b].span.start].trim_start();
        let unit = &mentions[a].unit;
        let between = match between.get(..unit.len()) {
            Some(head) if !unit.is_empty() && head.eq_ignore_ascii_case(unit) => {
                &between[unit.len()..]
            }
            _ => between,
        };
        regex!(r"(?i)^\s*,?\s*(?:(?:and|or)\s+)?(?:(?:approximately|about|around|nearly|some|roughly)\s+)?$")
            .is_match(between)
    };
    let mut out = vec![at];
    if forward {
        while let Some(&last) = out.last()
            && last + 1 < mentions.len()
            && joined(last, last + 1)
        {
            out.push(last + 1);
        }
    } else {
        while let Some(&first) = out.first()
            && first > 0
            && joined(first - 1, first)
        {
            out.insert(0, first - 1);
        }
    }
    out
}
