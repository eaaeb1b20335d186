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
        for r in regex!(r"(?i)\brespectively\b").find_iter(text) {
            let clause = phrases::clause_start(&text[..r.start()]).max(self.opening.min(r.start()));
            // The figures of the coordination share the first one's unit: "$0.3 million,
            // or 1%, and $1.1 million, or 9%, respectively" coordinates the amounts.
            let within = |from: usize, to: usize| -> Vec<usize> {
                let inside: Vec<usize> = (0..mentions.len())
                    .filter(|&i| {
                        let s = mentions[i].span.start;
                        s >= from && s < to && out[i].is_none()
                    })
                    .collect();
                let unit = inside.first().map(|&i| mentions[i].unit.as_str());
                inside
                    .into_iter()
                    .filter(|&i| Some(mentions[i].unit.as_str()) == unit)
                    .collect()
            };
            let before = within(clause, r.start());
            // "A and B respectively" names its members before the figures; "respectively
            // hit A and B" puts the figures after it, up to the end of its clause.
            let (members, named, after) = if before.len() >= 2 {
                let first = mentions[before[0]].span.start;
                (before, &text[clause..first], false)
            } else {
                let after = within(r.end(), clause_end(text, r.end()));
                if after.len() < 2 {
                    continue;
                }
                (after, &text[clause..r.start()], true)
            };
            let n = members.len();
            let last = mentions[members[n - 1]].span.end;
            // Years listed right before "respectively" pair with the figures first ("...
            // as of June 30, 2019 and 2018, respectively"), then coordinated subjects,
            // then years listed anywhere in the sentence ("At December 31, 2019 and 2018
            // there were A and B shares, respectively").
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
            if subjects.is_none() && years.is_none() {
                continue;
            }
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

/// Where the clause that continues at `from` ends: at a semicolon or a new clause.
fn clause_end(text: &str, from: usize) -> usize {
    regex!(r"(?i);|,\s*(?:and|while|but|whereas|with)\s")
        .find(&text[from..])
        .map_or(text.len(), |m| from + m.start())
}
