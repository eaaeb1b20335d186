//! Follow-up questions: what a conversation remembers of its last question, and how a
//! question that reads as a follow-up ("And in 1949?", "What about tertiary?") is
//! completed from it.

use std::collections::BTreeSet;

use crate::lang::{Cue, Op, Wh};

use super::Understood;
use super::intent::Intent;
use super::slots::Years;

/// What a conversation remembers of its last question.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    pub subjects: Vec<String>,
    pub measure: Option<String>,
    pub years: Years,
    pub op: Option<Op>,
    pub unit: Option<String>,
    pub topic: Vec<String>,
    /// What kind of answer was asked for ("how much"), and the cues that said so.
    pub wh: Wh,
    pub cues: BTreeSet<Cue>,
}

impl Frame {
    /// Remembers an understood question.
    pub fn of(u: &Understood) -> Frame {
        Frame {
            subjects: u.subjects.clone(),
            measure: u.measure.clone(),
            years: u.years,
            // A greeting or a summary is not carried over ("hello", then "and tertiary?");
            // a year's events are ("what happened in 1953?", then "and in 1960?").
            op: Some(u.intent.op).filter(|op| !op.opens() && *op != Op::Summary),
            unit: u.unit.clone(),
            topic: u.topic.clone(),
            wh: u.wh,
            cues: u.cues.clone(),
        }
    }
}

/// Completes a follow-up from the previous question: "And in 1949?" keeps the subject
/// and measure and changes the year; "And tertiary?" keeps the measure and years and
/// changes the subject.
pub fn complete(read: Understood, prev: &Frame) -> Understood {
    let mut u = read;
    if u.subjects.is_empty() && u.topic.is_empty() {
        u.subjects = prev.subjects.clone();
        u.topic = prev.topic.clone();
    } else if u.subjects.is_empty() && prev.subjects.is_empty() {
        // "And for rural residents?" after a question about urban residents' income:
        // the new words lead, the old ones still say what is measured.
        u.emphasis = u.topic.clone();
        for t in &prev.topic {
            if !u.topic.contains(t) {
                u.topic.push(t.clone());
            }
        }
    }
    if u.measure.is_none() {
        u.measure = prev.measure.clone();
    }
    if u.years.is_empty() {
        u.years = prev.years;
    } else if prev.op == Some(Op::Growth) && u.years.at.is_some() && u.years.from.is_none() {
        // "How much did it grow since 1949?" then "And in 1949?" asks for the value.
        u.intent = Intent {
            op: Op::Lookup,
            rule: Some("follow-up-value-after-growth"),
        };
    }
    if !u.intent.stated()
        && let Some(op) = prev.op
    {
        // The operation carries over, but it was not stated by this question.
        u.intent = Intent { op, rule: None };
    }
    if u.unit.is_none() {
        u.unit = prev.unit.clone();
    }
    // "How much was X in 2023?" then "And for 2022?" asks how much again.
    if u.wh == Wh::Other {
        u.wh = prev.wh;
        u.cues.extend(prev.cues.iter().copied());
    }
    u
}
