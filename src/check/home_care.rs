//! The home programme's rule: no item of it is for a region the
//! prescription, the patient's record or a doctor's clearance in force
//! says to avoid (`home-care-avoided-region`). A region is avoided as a
//! treated one is ([`crate::check::rules`]): when it shares any part with
//! an avoided one. An override excuses it by name, as it does a region
//! treated.

use crate::check::rules::Context;
use crate::check::ways::ways_out;
use crate::diag::{Code, Diagnostic};
use crate::model::{Patient, Prescription, Session};
use crate::records::Loaded;
use crate::vocab::Vocabulary;
use crate::vocab::home_care::kind_of;

/// Items of session `s`'s home programme for a region its prescription or
/// the patient's record says to avoid.
pub(super) fn check_avoided(
    s: &Loaded<Session>,
    rx: &Loaded<Prescription>,
    patient: Option<&Loaded<Patient>>,
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if s.rec.home_care.is_empty() {
        return;
    }
    let r = &rx.rec;
    let mut sources: Vec<(String, &[String], String)> = Vec::new();
    if !r.avoid_regions.is_empty() {
        sources.push((
            format!("prescription `{}`", r.id),
            &r.avoid_regions,
            format!("mmx rx edit {}", r.id),
        ));
    }
    if let Some(p) = patient
        && !p.rec.avoid_regions.is_empty()
    {
        sources.push((
            format!("patient record `{}`", p.rec.id),
            &p.rec.avoid_regions,
            format!("mmx patient edit {}", p.rec.id),
        ));
    }
    for (i, item) in s.rec.home_care.iter().enumerate() {
        let given = cx.vocab.expand(&item.region);
        let hit = sources.iter().find_map(|(who, regions, edit)| {
            regions
                .iter()
                .find(|a| !cx.vocab.expand(a).is_disjoint(&given))
                .map(|a| (who, a, edit))
        });
        let Some((who, avoided, edit)) = hit else {
            continue;
        };
        let change = format!("{edit} --remove-avoid-region {avoided}");
        out.push(avoided_item(s, i, (who, avoided), cx.vocab).hint(format!(
            "{}; {}",
            leave_out(who, avoided, ""),
            ways_out(s, cx, &change)
        )));
    }
}

/// The finding about item `i` of `s`'s home programme, for a region `who`
/// says to avoid (`avoided`), without its help.
pub(super) fn avoided_item(
    s: &Loaded<Session>,
    i: usize,
    (who, avoided): (&str, &str),
    vocab: &Vocabulary,
) -> Diagnostic {
    let item = &s.rec.home_care[i];
    let kind = kind_of(&item.kind).map_or(item.kind.as_str(), |k| k.label);
    let region = &item.region;
    let (given, avoid) = (vocab.expand(region), vocab.expand(avoided));
    let how = if region == avoided {
        String::new()
    } else if given.is_subset(&avoid) {
        format!(", which is part of {avoided}")
    } else if avoid.is_subset(&given) {
        format!(", which includes {avoided}")
    } else {
        format!(", which overlaps {avoided}")
    };
    s.diag(
        Code::HomeCareAvoidedRegion,
        &format!("home_care.{i}.region"),
        format!("the home programme gives {kind} for {region}{how}; {who} says to avoid {avoided}"),
    )
    .subject(region.as_str())
}

/// The first way out: the item left out or moved. `when`: ` while it is
/// in force`, for a clearance.
pub(super) fn leave_out(who: &str, avoided: &str, when: &str) -> String {
    format!(
        "{who} lists {avoided} under `avoid_regions`{when}: leave the item out of the home programme, or give it for a region that is not avoided"
    )
}
