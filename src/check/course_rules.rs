//! The rules of a prescription's course as a whole, beside the rules of each
//! visit (rules.rs): a visit past the course's end, a prescription whose
//! expiry is only the practice's default, the order kept on file.

use crate::check::rules::{Context, apply_override};
use crate::course;
use crate::diag::{Code, Diagnostic};
use crate::model::{Order, Prescription, Session};
use crate::practice::PATIENTS_DIR;
use crate::practice::folder::ORDERS_DIR;
use crate::records::PatientFolder;
use crate::records::{Kept, Loaded};
use std::collections::HashSet;

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
/// recorded (`order-changed`: the SHA-256 differs), and so must each of its
/// `[[earlier_orders]]`; with `[rules] require_order`, every prescription
/// keeps one (`order-required`). A file in `orders/` that no prescription
/// names is `order-orphan` (a warning).
pub(super) fn check_orders(folder: &PatientFolder, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for rx in &folder.prescriptions {
        let r = &rx.rec;
        for (i, order) in r.earlier_orders.iter().enumerate() {
            check_kept(folder, rx, order, &format!("earlier_orders.{i}"), cx, out);
        }
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
        check_kept(folder, rx, order, "order", cx, out);
    }
    check_orphans(folder, out);
}

/// One order a prescription names, at `key` (`order`, `earlier_orders.0`).
fn check_kept(
    folder: &PatientFolder,
    rx: &Loaded<Prescription>,
    order: &Order,
    key: &str,
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let r = &rx.rec;
    let field = |name: &str| format!("{key}.{name}");
    let (which, what) = if key == "order" {
        ("the order", "a new order from the prescriber is recorded")
    } else {
        (
            "an earlier order",
            "it covered the visits before the order now recorded; a new order is recorded",
        )
    };
    if let Some(d) = order.received
        && d > cx.today
    {
        out.push(
            rx.diag(
                Code::InvalidValue,
                &field("received"),
                format!("`{}` is {d}, after today ({})", field("received"), cx.today),
            )
            .field(field("received"))
            .hint("the day the order arrived is past: check the year (dates are YYYY-MM-DD)"),
        );
    }
    let shown = format!("{}/{}/{}", folder.id, ORDERS_DIR, order.file);
    match folder.kept(&order.file, &order.sha256) {
        Kept::Missing => out.push(
            rx.diag(
                Code::OrderMissing,
                &field("file"),
                format!(
                    "{which} of prescription `{}` is not on file: patients/{shown} is missing",
                    r.id
                ),
            )
            .field(field("file"))
            .hint(if key == "order" {
                format!(
                    "put the file back (from a backup, or `git checkout -- patients/{shown}`), or record the order again: `mmx rx edit {} --order FILE`",
                    r.id
                )
            } else {
                format!(
                    "put the file back (from a backup, or `git checkout -- patients/{shown}`): {what} in its place"
                )
            }),
        ),
        Kept::Changed => out.push(
            rx.diag(
                Code::OrderChanged,
                &field("sha256"),
                format!(
                    "{which} of prescription `{}` has changed since it was recorded: patients/{shown} no longer has the SHA-256 written in `{}`",
                    r.id,
                    field("sha256")
                ),
            )
            .field(field("sha256"))
            .hint(format!(
                "a kept order is never edited: restore the original (`git log -- patients/{shown}` shows its history); {what} with `mmx rx edit {} --order FILE`",
                r.id
            )),
        ),
        Kept::Same => {}
    }
}

/// The files in `orders/` no prescription names, now or as an earlier
/// order, nor a doctor's clearance as its letter: dropped there by hand, or
/// left by a prescription since deleted. Nothing is said while a
/// prescription or the patient's record cannot be read: it may name them.
fn check_orphans(folder: &PatientFolder, out: &mut Vec<Diagnostic>) {
    if !folder.unreadable_prescriptions.is_empty() || !folder.unbuilt.is_empty() {
        return;
    }
    let letters = folder
        .patient
        .iter()
        .flat_map(|p| &p.rec.clearances)
        .filter_map(|c| c.document.as_deref());
    let named: HashSet<&str> = folder
        .prescriptions
        .iter()
        .flat_map(|rx| rx.rec.order.iter().chain(&rx.rec.earlier_orders))
        .map(|o| o.file.as_str())
        .chain(letters)
        .collect();
    for name in folder.orders.keys() {
        if named.contains(name.as_str()) {
            continue;
        }
        let rel = format!("{PATIENTS_DIR}/{}/{ORDERS_DIR}/{name}", folder.id);
        out.push(
            Diagnostic::new(
                Code::OrderOrphan,
                &rel,
                None,
                format!("`{rel}` is in orders/, but no prescription names it as its order, nor a doctor's clearance as its letter"),
            )
            .hint(
                "move it out of the practice folder; if it is a prescription's order, record it from there (`mmx rx edit RX --order FILE --received DATE --source HOW` keeps its own copy), and a doctor's clearance letter likewise (`mmx patient clear PATIENT --flag FLAG --by NAME --document FILE`)",
            ),
        );
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
