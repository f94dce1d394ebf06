//! The rules of a prescription's course as a whole, beside the rules of each
//! visit (rules.rs): a visit past the course's end, a prescription whose
//! expiry is only the practice's default, the order kept on file.

use crate::check::rules::{Context, apply_override};
use crate::course;
use crate::diag::{Code, Diagnostic};
use crate::model::{Prescription, Session};
use crate::practice::folder::ORDERS_DIR;
use crate::records::PatientFolder;
use crate::records::{Kept, Loaded};

/// Visits past the course's end: a course of `weeks` (or of the schedule's
/// weeks) ends that many weeks after its first visit (`after-course-end`).
/// A visit past the expiry too is `after-expiry`'s alone.
pub(super) fn check_course_end(
    folder: &PatientFolder,
    rx: &Loaded<Prescription>,
    sessions: &[&Loaded<Session>],
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let r = &rx.rec;
    let (Some(weeks), Some(first)) = (r.course_weeks(), sessions.first()) else {
        return;
    };
    let start = first.rec.date;
    let end = course::course_end(start, weeks);
    let expiry = r.expiry(cx.rules);
    for s in sessions {
        if s.rec.date <= end || s.rec.date > expiry {
            continue;
        }
        // Whole weeks from the first visit that take this one in.
        let needed = ((s.rec.date - start).num_days() / 7 + 1) as u32;
        let length = if r.weeks.is_some() {
            "`weeks`"
        } else {
            "its `frequency`"
        };
        let mut found = vec![
            s.diag(
                Code::AfterCourseEnd,
                "date",
                format!(
                    "session on {} is after the course of prescription `{}` ended on {end} ({weeks} week{} from its first visit on {start}, as {length} says)",
                    s.rec.date,
                    r.id,
                    if weeks == 1 { "" } else { "s" },
                ),
            )
            .subject(r.id.as_str())
            .hint(format!(
                "if the prescriber extended the course, `mmx rx edit {} --weeks {needed}` takes this visit in (the prescription expires {expiry}; `--expires DATE` moves that); a new order is a new prescription (`mmx rx add --renews {}`); if this visit was approved, record why (`--override REASON` on `session add`, `mmx session override {}/{} --reason TEXT` once written)",
                r.id, r.id, folder.id, s.rec.id
            )),
        ];
        apply_override(s, &mut found);
        out.extend(found);
    }
}

/// A prescription that says neither when it expires nor how long its
/// course runs is given the practice's default (`[rules] rx_valid_days`):
/// said once per prescription still in use, so the therapist confirms the
/// order's length with the prescriber (`default-expiry`).
pub(super) fn check_default_expiry(
    folder: &PatientFolder,
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for rx in &folder.prescriptions {
        let r = &rx.rec;
        let Some(days) = r.default_expiry_days(cx.rules) else {
            continue;
        };
        let expiry = r.expiry(cx.rules);
        if r.course_weeks().is_some()
            || r.closed.is_some()
            || cx.today > expiry
            || course::renewed_by(folder, &r.id).is_some()
        {
            continue;
        }
        out.push(
            rx.diag(
                Code::DefaultExpiry,
                "issued",
                format!(
                    "prescription `{}` says neither when it expires nor for how many weeks: it is taken to expire on {expiry}, the practice's default of {days} days from issue",
                    r.id
                ),
            )
            .hint(format!(
                "confirm the order's length with the prescriber, then record it: `mmx rx edit {} --expires DATE` or `--weeks N` (N weeks from the first visit)",
                r.id
            )),
        );
    }
}

/// The order kept on file: the file a prescription's `[order]` names must be
/// in the patient's `orders/` (`order-missing`) with the bytes it had when
/// recorded (`order-changed`: the SHA-256 differs); with `[rules]
/// require_order`, every prescription keeps one (`order-required`).
pub(super) fn check_orders(folder: &PatientFolder, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for rx in &folder.prescriptions {
        let r = &rx.rec;
        let Some(order) = &r.order else {
            if cx.rules.require_order {
                out.push(
                    rx.diag(
                        Code::OrderRequired,
                        "id",
                        format!(
                            "prescription `{}` keeps no order on file, and the practice requires one ([rules] require_order)",
                            r.id
                        ),
                    )
                    .hint(format!(
                        "scan or save the signed order, then `mmx rx edit {} --order FILE --received DATE --source fax|mail|portal|hand|fhir`",
                        r.id
                    )),
                );
            }
            continue;
        };
        if let Some(d) = order.received
            && d > cx.today
        {
            out.push(
                rx.diag(
                    Code::InvalidValue,
                    "order.received",
                    format!("`order.received` is {d}, after today ({})", cx.today),
                )
                .field("order.received")
                .hint("the day the order arrived is past: check the year (dates are YYYY-MM-DD)"),
            );
        }
        let shown = format!("{}/{}/{}", folder.id, ORDERS_DIR, order.file);
        match folder.kept(&order.file, &order.sha256) {
            Kept::Missing => out.push(
                rx.diag(
                    Code::OrderMissing,
                    "order.file",
                    format!(
                        "the order of prescription `{}` is not on file: patients/{shown} is missing",
                        r.id
                    ),
                )
                .field("order.file")
                .hint(format!(
                    "put the file back (from a backup, or `git checkout -- patients/{shown}`), or record the order again: `mmx rx edit {} --order FILE`",
                    r.id
                )),
            ),
            Kept::Changed => out.push(
                rx.diag(
                    Code::OrderChanged,
                    "order.sha256",
                    format!(
                        "the order of prescription `{}` has changed since it was recorded: patients/{shown} no longer has the SHA-256 written in `order.sha256`",
                        r.id
                    ),
                )
                .field("order.sha256")
                .hint(format!(
                    "a kept order is never edited: restore the original (`git log -- patients/{shown}` shows its history); a new order from the prescriber is recorded with `mmx rx edit {} --order FILE`",
                    r.id
                )),
            ),
            Kept::Same => {}
        }
    }
}

/// A renewal must name a prescription of the same patient, and a chain of
/// renewals must not come back to where it started. Linear in the number of
/// prescriptions: each is walked once.
pub(super) fn check_renewals(folder: &PatientFolder, out: &mut Vec<Diagnostic>) {
    let index: std::collections::HashMap<&str, usize> = folder
        .prescriptions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.rec.id.as_str(), i))
        .collect();
    for rx in &folder.prescriptions {
        let Some(renews) = &rx.rec.renews else {
            continue;
        };
        if !index.contains_key(renews.as_str()) && !folder.unreadable_prescriptions.contains(renews)
        {
            let ids: Vec<&str> = folder
                .prescriptions
                .iter()
                .map(|r| r.rec.id.as_str())
                .filter(|id| *id != rx.rec.id)
                .collect();
            out.push(
                rx.diag(
                    Code::UnknownPrescription,
                    "renews",
                    format!(
                        "prescription `{}` renews `{renews}`, which patient `{}` does not have",
                        rx.rec.id, folder.id
                    ),
                )
                .hint(if ids.is_empty() {
                    "a renewal names an earlier prescription of the same patient".to_string()
                } else {
                    format!("patient `{}` has: {}", folder.id, ids.join(", "))
                }),
            );
        }
    }
    // 0: not seen, 1: on the walk being made, 2: done.
    let mut state = vec![0u8; folder.prescriptions.len()];
    for startat in 0..folder.prescriptions.len() {
        let mut path = Vec::new();
        let mut at = Some(startat);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    // Back on this walk: everything from `i` on is a cycle.
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    let ring: Vec<&str> = path[from..]
                        .iter()
                        .map(|&p: &usize| folder.prescriptions[p].rec.id.as_str())
                        .collect();
                    for &p in &path[from..] {
                        let rx = &folder.prescriptions[p];
                        out.push(
                            rx.diag(
                                Code::InvalidValue,
                                "renews",
                                format!(
                                    "prescription `{}` is part of a renewal loop ({})",
                                    rx.rec.id,
                                    ring.join(" -> ")
                                ),
                            )
                            .hint("each renewal names the earlier prescription it continues; the first of a course renews none")
                            .field("renews"),
                        );
                    }
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    at = folder.prescriptions[i]
                        .rec
                        .renews
                        .as_deref()
                        .and_then(|r| index.get(r).copied());
                }
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
}
