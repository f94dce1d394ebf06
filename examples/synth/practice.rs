//! A synthetic clinic: patients, prescriptions with renewals, sessions with
//! cancellations and SOAP notes, written through mmx's own model types and
//! `to_toml()`, so the files are exactly what `mmx ... add` would write.
//!
//! Everything comes from one seeded generator, so a seed always gives the same
//! bytes. With `violations > 0`, that many rule violations are injected, one
//! per file and each in a prescription (or patient) no other violation
//! touches, so each yields exactly one diagnostic of its code in its file.
//! Everyone in it is invented: names, doctors, 555-01xx phones, example.com.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate, NaiveTime};
use rayon::prelude::*;
use serde::Serialize;

use mmx::diag::Code;
use mmx::model::{
    Diagnosis, Frequency, Patient, PracticeInfo, Prescriber, Prescription, Rules, Screening,
    Session, Settings, Soap, Status,
};
use mmx::practice::{self, ids, store};
use mmx::values;
use mmx::vocab::{MIDLINE, TECHNIQUES, Vocabulary, other_side};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub patients: usize,
    pub sessions: usize,
    pub seed: u64,
    pub violations: usize,
    /// The day the practice is checked on: no session is later, except an
    /// injected `future-session`.
    pub today: NaiveDate,
}

/// One injected violation: the code `mmx check` must report, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Violation {
    pub code: &'static str,
    pub file: String,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Written {
    pub patients: usize,
    pub prescriptions: usize,
    pub sessions: usize,
    pub violations: Vec<Violation>,
}

pub const EXPECTED_FILE: &str = "expected-violations.json";

/// Generates the practice into `out`, which must not hold one already, and
/// writes `out/expected-violations.json`.
pub fn generate(out: &Path, opts: &Options) -> io::Result<Written> {
    if opts.patients == 0 || opts.sessions < opts.patients {
        return Err(invalid(
            "need at least one patient and one session per patient",
        ));
    }
    if out.join(practice::SETTINGS_FILE).exists() {
        return Err(invalid(&format!(
            "{} already holds a practice; pick an empty folder",
            out.display()
        )));
    }
    let vocab = Vocabulary::default();
    let rules = Rules::default();
    let mut rng = Rng::new(opts.seed);
    let counts = split(opts.sessions, opts.patients, &mut rng);
    let prescribers = prescribers(&mut rng);
    let mut taken = HashSet::new();
    let mut plans: Vec<PatientPlan> = counts
        .iter()
        .map(|&n| {
            let mut prng = Rng::new(rng.next());
            plan_patient(n, opts.today, &prescribers, &mut taken, &mut prng)
        })
        .collect();
    let violations = inject(&mut plans, opts, &vocab, &rules, &mut rng)?;

    store::create_dirs(&out.join(practice::PATIENTS_DIR)).map_err(io::Error::other)?;
    let settings = Settings {
        practice: PracticeInfo {
            name: "Riverside Clinical Massage".into(),
            therapist: None,
            ..Default::default()
        },
        ..Default::default()
    };
    write(&out.join(practice::SETTINGS_FILE), &settings.to_toml())?;
    plans
        .par_iter()
        .try_for_each(|p| write_patient(out, p, opts.today))?;
    let mut json = serde_json::to_string_pretty(&violations).map_err(io::Error::other)?;
    json.push('\n');
    fs::write(out.join(EXPECTED_FILE), json)?;
    Ok(Written {
        patients: plans.len(),
        prescriptions: plans.iter().map(|p| p.rxs.len()).sum(),
        sessions: plans.iter().map(|p| p.sessions.len()).sum(),
        violations,
    })
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.to_string())
}

/// splitmix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// `k` distinct items of `items`, in their original order.
    fn some<T: Clone>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..items.len()).collect();
        for i in 0..k.min(idx.len()) {
            let j = i + self.below((idx.len() - i) as u64) as usize;
            idx.swap(i, j);
        }
        let mut chosen: Vec<usize> = idx.into_iter().take(k).collect();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| items[i].clone()).collect()
    }
}

/// `total` split over `n` parts of at least 1, uneven like a real caseload.
fn split(total: usize, n: usize, rng: &mut Rng) -> Vec<usize> {
    let weights: Vec<u64> = (0..n).map(|_| 20 + rng.below(160)).collect();
    let sum: u64 = weights.iter().sum();
    let spare = (total - n) as u64;
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|w| 1 + (spare * w / sum) as usize)
        .collect();
    let mut left = total - counts.iter().sum::<usize>();
    while left > 0 {
        let i = rng.below(n as u64) as usize;
        counts[i] += 1;
        left -= 1;
    }
    counts
}

/// What a doctor prescribes for one kind of complaint.
struct Condition {
    regions: &'static [&'static str],
    techniques: &'static [&'static str],
    diagnosis: (&'static str, &'static str),
    goals: &'static [&'static str],
    precautions: Option<&'static str>,
    /// Where the complaint is, in a therapist's words.
    place: &'static str,
}

const CONDITIONS: &[Condition] = &[
    Condition {
        regions: &["lumbar", "sacral", "bilateral-gluteal"],
        techniques: &[
            "swedish",
            "myofascial-release",
            "trigger-point",
            "stretching",
        ],
        diagnosis: ("M54.50", "Low back pain, unspecified"),
        goals: &[
            "Sit through a work day without back pain above 3/10",
            "Return to gardening",
        ],
        precautions: Some("No prone positioning for longer than 20 minutes."),
        place: "low back",
    },
    Condition {
        regions: &["neck-and-shoulders", "thoracic"],
        techniques: &[
            "swedish",
            "trigger-point",
            "neuromuscular-therapy",
            "stretching",
        ],
        diagnosis: ("M54.2", "Cervicalgia"),
        goals: &[
            "Full neck rotation both ways",
            "Fewer than two headaches a week",
        ],
        precautions: None,
        place: "neck and upper trapezius",
    },
    Condition {
        regions: &["right-foot", "right-ankle", "right-lower-leg"],
        techniques: &[
            "cross-fiber-friction",
            "myofascial-release",
            "trigger-point",
            "stretching",
        ],
        diagnosis: ("M72.2", "Plantar fascial fibromatosis"),
        goals: &[
            "First-step morning heel pain below 2/10",
            "Walk 5 km without heel pain",
        ],
        precautions: Some("No aggressive friction over the heel during the first two visits."),
        place: "right heel and calf",
    },
    Condition {
        regions: &["left-shoulder", "left-upper-arm", "left-scapular"],
        techniques: &[
            "myofascial-release",
            "muscle-energy-technique",
            "stretching",
            "swedish",
        ],
        diagnosis: ("M75.02", "Adhesive capsulitis of left shoulder"),
        goals: &[
            "Reach the top shelf with the left arm",
            "Sleep on the left side",
        ],
        precautions: Some("Stay within the pain-free range; no forced abduction."),
        place: "left shoulder",
    },
    Condition {
        regions: &["right-knee", "right-thigh", "right-lower-leg"],
        techniques: &[
            "scar-tissue-mobilization",
            "manual-lymphatic-drainage",
            "swedish",
        ],
        diagnosis: ("Z47.1", "Aftercare following joint replacement surgery"),
        goals: &["Knee flexion past 110 degrees", "Stairs without a rail"],
        precautions: Some("No pressure on the incision until it is fully closed."),
        place: "right knee",
    },
    Condition {
        regions: &["left-upper-extremity", "left-pectoral"],
        techniques: &["manual-lymphatic-drainage", "swedish"],
        diagnosis: ("I89.0", "Lymphedema, not elsewhere classified"),
        goals: &["Left forearm circumference within 2 cm of the right"],
        precautions: Some("Light pressure only; no heat."),
        place: "left arm",
    },
    Condition {
        regions: &["bilateral-tmj", "face", "cervical"],
        techniques: &["myofascial-release", "trigger-point", "craniosacral"],
        diagnosis: (
            "M26.609",
            "Unspecified temporomandibular joint disorder, unspecified side",
        ),
        goals: &["Open the mouth three fingers wide without clicking"],
        precautions: None,
        place: "jaw",
    },
    Condition {
        regions: &["lumbar", "left-gluteal", "left-thigh"],
        techniques: &[
            "deep-tissue",
            "trigger-point",
            "positional-release",
            "stretching",
        ],
        diagnosis: ("M54.32", "Sciatica, left side"),
        goals: &["Sit for an hour without leg pain", "Walk 30 minutes"],
        precautions: Some("Stop if numbness increases."),
        place: "left buttock and thigh",
    },
    Condition {
        regions: &["head", "cervical", "bilateral-suboccipital"],
        techniques: &["craniosacral", "trigger-point", "swedish", "acupressure"],
        diagnosis: (
            "G44.209",
            "Tension-type headache, unspecified, not intractable",
        ),
        goals: &["Fewer than four headache days a month"],
        precautions: None,
        place: "neck and the base of the skull",
    },
    Condition {
        regions: &["back", "neck-and-shoulders", "bilateral-hip"],
        techniques: &["swedish", "myofascial-release", "hot-cold-pack"],
        diagnosis: ("M79.7", "Fibromyalgia"),
        goals: &[
            "Sleep through the night most nights",
            "Widespread pain below 5/10",
        ],
        precautions: Some("Light to moderate pressure; ask before deeper work."),
        place: "back and hips",
    },
    Condition {
        regions: &["right-forearm", "right-wrist", "right-hand"],
        techniques: &["myofascial-release", "cross-fiber-friction", "stretching"],
        diagnosis: ("G56.01", "Carpal tunnel syndrome, right upper limb"),
        goals: &["Type for an hour without tingling"],
        precautions: None,
        place: "right forearm and wrist",
    },
    Condition {
        regions: &["cervical", "thoracic", "bilateral-shoulder"],
        techniques: &["swedish", "strain-counterstrain", "muscle-energy-technique"],
        diagnosis: (
            "S13.4XXD",
            "Sprain of ligaments of cervical spine, subsequent encounter",
        ),
        goals: &["Drive and check the blind spot without pain"],
        precautions: Some("No cervical manipulation or end-range stretching."),
        place: "neck",
    },
];

const FIRST: &[&str] = &[
    "Ana", "Bram", "Celeste", "Dario", "Edda", "Florin", "Greta", "Hollis", "Ines", "Joaquin",
    "Kasimir", "Leontine", "Marek", "Noor", "Odile", "Pavlo", "Quinn", "Rosalind", "Sunniva",
    "Tobias", "Ulla", "Vesna", "Wendell", "Xenia", "Yusuf", "Zelda", "Amadou", "Brigid", "Cosmin",
    "Dagny", "Emeric", "Fenna", "Gideon", "Hester", "Ilario", "Jolien", "Kerstin", "Lazlo",
    "Mireille", "Nikolai",
];
const LAST: &[&str] = &[
    "Abernathy",
    "Bellweather",
    "Castellanos",
    "Driscoll",
    "Eberhardt",
    "Fairclough",
    "Galloway",
    "Haverkamp",
    "Ingersoll",
    "Jablonski",
    "Kettleborough",
    "Lindqvist",
    "Marchetti",
    "Nakashima",
    "Oyelaran",
    "Pellworth",
    "Quenneville",
    "Rautenberg",
    "Saltonstall",
    "Thistlewood",
    "Underhill",
    "Vandersloot",
    "Whitcombe",
    "Yarborough",
    "Zabriskie",
    "Achterberg",
    "Brightwater",
    "Coldiron",
    "Dunmore",
    "Esterhazy",
    "Fitzgerald-Ward",
    "Grimaldi",
    "Holloway",
    "Iwasaki",
    "Jorgensen",
    "Kowalczyk",
    "Larkspur",
    "Montgomery-Hale",
    "Nieuwenhuis",
    "Ostrander",
];
const STREETS: &[&str] = &[
    "Saltmarsh Way",
    "Orchard Lane",
    "Quarry Road",
    "Heron Close",
    "Mill Street",
    "Linden Avenue",
    "Harbor Street",
    "Beacon Hill",
    "Fernside Drive",
    "Kestrel Court",
];
const TOWNS: &[&str] = &[
    "Lakeside",
    "Riverton",
    "Eastbrook",
    "Millford",
    "Harborview",
];
const THERAPISTS: &[&str] = &[
    "Rowan Ashgrove, LMT",
    "Ines Ortega, LMT",
    "Malcolm Treadwell, LMT",
    "Priya Vantongeren, LMT",
    "Soren Halvorsen, LMT",
    "Beatrix Okonkwo, LMT",
    "Callum Westerly, LMT",
    "Dorothea Lindgren, LMT",
    "Emil Sarkissian, LMT",
    "Farah Delacroix, LMT",
];
const DOCTORS: &[&str] = &[
    "Dr. Rosalind Achterberg, DPM",
    "Dr. Henrik Faulconer, MD",
    "Dr. Amara Quillfeather, DO",
    "Dr. Lucien Brightmore, MD",
    "Dr. Oona Castellane, MD",
    "Dr. Tadeusz Wrenfield, MD",
    "Dr. Imogen Salterbach, DO",
    "Dr. Cyrus Delamere, MD",
];

fn prescribers(rng: &mut Rng) -> Vec<Prescriber> {
    DOCTORS
        .iter()
        .enumerate()
        .map(|(i, full)| {
            // The credential is its own field, not part of the name.
            let (name, credential) = full.split_once(", ").unwrap_or((full, ""));
            Prescriber {
                name: name.trim_start_matches("Dr. ").to_string(),
                credential: Some(credential.to_string()).filter(|c| !c.is_empty()),
                npi: Some(valid_npi(rng)),
                phone: Some(format!("555-01{:02}", 50 + i)),
                fax: Some(format!("555-02{:02}", 50 + i)),
                ..Default::default()
            }
        })
        .collect()
}

/// Nine random digits and the check digit that `values::npi_valid` accepts.
fn valid_npi(rng: &mut Rng) -> String {
    let body: String = (0..9)
        .map(|i| {
            let d = if i == 0 {
                1 + rng.below(2)
            } else {
                rng.below(10)
            };
            char::from(b'0' + d as u8)
        })
        .collect();
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|n| values::npi_valid(n))
        .unwrap_or_default()
}

/// One prescription and the indexes of its sessions (in date order).
struct RxPlan {
    rec: Prescription,
    sessions: Vec<usize>,
}

/// A session and the file it is written to; `edit` spoils the written text.
struct SessionFile {
    rec: Session,
    stem: String,
    edit: Option<TextEdit>,
}

#[derive(Clone, Copy)]
enum TextEdit {
    /// A key the session format does not have.
    ExtraField,
    /// The `id` string loses its closing quote.
    Unterminated,
}

struct PatientPlan {
    rec: Patient,
    rxs: Vec<RxPlan>,
    sessions: Vec<SessionFile>,
    /// An injected `missing-record`: the folder has no patient.toml.
    omit_patient_file: bool,
    /// An injected `stray-file` beside patient.toml.
    stray: bool,
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
    .unwrap_or(d)
}

/// A fresh dated id, distinct from every id this patient already has.
fn fresh_id(date: NaiveDate, ids: &mut HashSet<String>, rng: &mut Rng) -> String {
    loop {
        let id = ids::dated_id_from(date, rng.next());
        if ids.insert(id.clone()) {
            return id;
        }
    }
}

fn plan_patient(
    n: usize,
    today: NaiveDate,
    prescribers: &[Prescriber],
    taken: &mut HashSet<String>,
    rng: &mut Rng,
) -> PatientPlan {
    let first = *rng.pick(FIRST);
    let last = *rng.pick(LAST);
    let name = format!("{first} {last}");
    let (id, birth) = loop {
        let birth = NaiveDate::from_ymd_opt(
            1940 + rng.below(66) as i32,
            1 + rng.below(12) as u32,
            1 + rng.below(28) as u32,
        )
        .unwrap_or_default();
        let id = ids::patient_id(&name, Some(birth));
        if taken.insert(id.clone()) {
            break (id, birth);
        }
    };
    let phone = format!("555-01{:02}", rng.below(100));
    let rec = Patient {
        id: id.clone(),
        name: name.clone(),
        birth_date: Some(birth),
        gender: None,
        phone: Some(phone),
        email: Some(format!(
            "{}.{}@example.com",
            ids::slug(first),
            ids::slug(last)
        )),
        address: Some(format!(
            "{} {}, {}",
            1 + rng.below(200),
            rng.pick(STREETS),
            rng.pick(TOWNS)
        )),
        emergency_contact: Some(format!(
            "{} {last} (family), 555-01{:02}",
            rng.pick(FIRST),
            rng.below(100)
        )),
        contraindications: if rng.chance(15) {
            vec!["Anticoagulant medication: light pressure only".into()]
        } else {
            Vec::new()
        },
        avoid_regions: Vec::new(),
        avoid_techniques: Vec::new(),
        notes: Some(format!(
            "Referred for {} work. Prefers {} appointments.",
            rng.pick(CONDITIONS).place,
            rng.pick(&["morning", "midday", "evening"])
        )),
        ..Default::default()
    };

    // Dates are planned as day offsets from the first session, then shifted so
    // the last session falls on or before today.
    struct Draft {
        day: i64,
        status: Status,
        rx: usize,
        cond: usize,
    }
    struct RxDraft {
        issued: i64,
        expires: Option<i64>,
        last_valid: i64,
        visits: u32,
        cond: usize,
        prescriber: usize,
        twice_weekly: bool,
    }
    let mut drafts: Vec<Draft> = Vec::with_capacity(n);
    let mut rx_drafts: Vec<RxDraft> = Vec::new();
    let mut day: i64 = 0;
    let mut cond = rng.below(CONDITIONS.len() as u64) as usize;
    while drafts.len() < n {
        let visits = *rng.pick(&[6u32, 8, 10, 12]);
        let issued = day - rng.range(0, 10);
        let expires = rng.chance(60).then(|| issued + 90);
        let last_valid = expires.unwrap_or(issued + i64::from(Rules::default().rx_valid_days));
        let rx = rx_drafts.len();
        rx_drafts.push(RxDraft {
            issued,
            expires,
            last_valid,
            visits,
            cond,
            prescriber: rng.below(prescribers.len() as u64) as usize,
            twice_weekly: rng.chance(25),
        });
        // Not every visit of a prescription gets used.
        let planned = visits - rng.below(3).min(u64::from(visits) - 1) as u32;
        let mut used = 0;
        while used < planned && drafts.len() < n && day <= last_valid {
            let status = match rng.below(100) {
                0..=5 => Status::Cancelled,
                6..=8 => Status::NoShow,
                _ => Status::Completed,
            };
            used += u32::from(status == Status::Completed);
            drafts.push(Draft {
                day,
                status,
                rx,
                cond,
            });
            // Within the frequency in any calendar week: three visits 4
            // days apart span more than a week, two 7 days apart never share one.
            day += if rx_drafts[rx].twice_weekly {
                rng.range(4, 5)
            } else {
                rng.range(7, 9)
            };
        }
        if rng.chance(40) {
            // Discharged; back later with a new complaint.
            day += rng.range(30, 400);
            cond = rng.below(CONDITIONS.len() as u64) as usize;
        }
    }
    let last_day = drafts.last().map_or(0, |d| d.day);
    let end = add_days(today, -rng.range(0, 120));
    let base = add_days(end, -last_day);
    let date = |off: i64| add_days(base, off);

    let mut ids = HashSet::new();
    let mut rxs: Vec<RxPlan> = rx_drafts
        .iter()
        .map(|r| {
            let c = &CONDITIONS[r.cond];
            let issued = date(r.issued);
            RxPlan {
                rec: Prescription {
                    id: fresh_id(issued, &mut ids, rng),
                    patient: id.clone(),
                    issued,
                    // Every order says how long it runs: a prescription
                    // without (the practice's default) is a finding of its own.
                    expires: Some(date(r.expires.unwrap_or(r.last_valid))),
                    visits: r.visits,
                    frequency: Frequency::parse(if r.twice_weekly { "2x/week" } else { "1x/week" }),
                    minutes: Some(*rng.pick(&[30u32, 45, 60])),
                    regions: c.regions.iter().map(|s| s.to_string()).collect(),
                    techniques: c.techniques.iter().map(|s| s.to_string()).collect(),
                    precautions: c.precautions.map(str::to_string),
                    goals: c.goals.iter().map(|s| s.to_string()).collect(),
                    prescriber: prescribers[r.prescriber].clone(),
                    diagnoses: vec![Diagnosis {
                        code: c.diagnosis.0.into(),
                        text: Some(c.diagnosis.1.into()),
                    }],
                    ..Default::default()
                },
                sessions: Vec::new(),
            }
        })
        .collect();
    debug_assert!(rx_drafts.iter().all(|r| r.issued <= r.last_valid));
    let therapist = *rng.pick(THERAPISTS);
    let mut pain = 5 + rng.below(4) as i64;
    let mut sessions = Vec::with_capacity(n);
    for (i, d) in drafts.iter().enumerate() {
        let rx = &rxs[d.rx].rec;
        let day = date(d.day);
        let sid = fresh_id(day, &mut ids, rng);
        let start = NaiveTime::from_hms_opt(8 + rng.below(11) as u32, *rng.pick(&[0, 30]), 0);
        let cond = &CONDITIONS[d.cond];
        let rec = if d.status == Status::Completed {
            let k = 1 + rng.below(rx.regions.len() as u64) as usize;
            let regions = rng.some(&rx.regions, k);
            let k = 1 + rng.below(rx.techniques.len().min(3) as u64) as usize;
            let techniques = rng.some(&rx.techniques, k);
            let before = pain;
            let after = (before - rng.range(1, 3)).max(0);
            pain = (pain + rng.range(-2, 1)).clamp(1, 9);
            Session {
                id: sid.clone(),
                patient: id.clone(),
                prescription: rx.id.clone(),
                date: day,
                start,
                start_offset: None,
                minutes: rx.minutes,
                status: Status::Completed,
                therapist: Some(therapist.into()),
                regions,
                techniques,
                pain_before: Some(before as u8),
                pain_after: Some(after as u8),
                health_change: None,
                health_change_flags: Vec::new(),
                consent: Vec::new(),
                adherence: None,
                measures: Vec::new(),
                home_care: Vec::new(),
                override_reason: None,
                soap: soap(cond, before, after, rng),
                amendments: Vec::new(),
                overrides: Vec::new(),
                void: None,
            }
        } else {
            let why = if d.status == Status::Cancelled {
                *rng.pick(&[
                    "Called the day before: a sick child at home.",
                    "Cancelled by phone: car trouble.",
                    "Rescheduled because of a work trip.",
                ])
            } else {
                "Did not attend and did not call; left a voicemail."
            };
            Session {
                id: sid.clone(),
                patient: id.clone(),
                prescription: rx.id.clone(),
                date: day,
                start,
                start_offset: None,
                status: d.status,
                therapist: Some(therapist.into()),
                soap: Soap {
                    subjective: Some(why.into()),
                    ..Soap::default()
                },
                ..Session::default()
            }
        };
        rxs[d.rx].sessions.push(i);
        sessions.push(SessionFile {
            rec,
            stem: sid,
            edit: None,
        });
    }
    PatientPlan {
        rec,
        rxs,
        sessions,
        omit_patient_file: false,
        stray: false,
    }
}

/// SOAP notes of realistic length, in the condition's own words.
fn soap(c: &Condition, before: i64, after: i64, rng: &mut Rng) -> Soap {
    let place = c.place;
    let subjective = format!(
        "{} {} {}",
        rng.pick(&[
            format!("Reports {place} pain at {before}/10 since the last visit."),
            format!("Pain in the {place} about {before}/10 this week, worse in the evenings."),
            format!("Says the {place} has been stiff in the mornings, {before}/10 at worst."),
        ]),
        rng.pick(&[
            "Sleeping better since starting the home stretches.",
            "Long day at the desk yesterday, which flared it up.",
            "Did the exercises most days; missed two because of work.",
            "Walked more this week and felt it the next morning.",
        ]),
        rng.pick(&[
            "No new symptoms, no numbness or tingling.",
            "Asks whether heat or ice is better after long drives.",
            "Took no pain medication this week.",
        ]),
    );
    let objective = format!(
        "{} {} {}",
        rng.pick(&[
            format!("Hypertonicity and tender points through the {place}, most marked on palpation near the joint line."),
            format!("Guarded movement of the {place}; range of motion about three quarters of the other side."),
            format!("Tissue of the {place} warm and dense; two active trigger points reproduce the familiar pain."),
        ]),
        rng.pick(&[
            "Posture: forward head, shoulders rounded.",
            "Gait even; no limp today.",
            "Skin intact; no swelling or bruising.",
        ]),
        rng.pick(&[
            "Tissue softened noticeably during the session.",
            "Responded well to sustained pressure; no adverse reaction.",
            "Tolerated moderate pressure throughout.",
        ]),
    );
    let assessment = format!(
        "{} Pain {before}/10 before, {after}/10 after. {}",
        rng.pick(&[
            "Progressing as expected toward the prescription's goals.",
            "Slower progress this week, in line with the flare reported.",
            "Steady improvement in range and tissue quality.",
        ]),
        rng.pick(&[
            "No contraindications observed.",
            "Precautions observed throughout.",
            "Client reports feeling looser on leaving.",
        ]),
    );
    let plan = format!(
        "{} {}",
        rng.pick(&[
            "Continue as prescribed; review goals at the next visit.",
            "Continue; add gentle stretching of the surrounding muscles next time.",
            "Continue the current approach; re-measure range next visit.",
        ]),
        rng.pick(&[
            "Home care: stretch 3 x 30 seconds twice daily.",
            "Home care: heat for 15 minutes in the evening.",
            "Home care: short walks, and breaks from sitting every hour.",
        ]),
    );
    Soap {
        subjective: Some(subjective),
        objective: Some(objective),
        assessment: Some(assessment),
        plan: Some(plan),
    }
}

/// Every code an injected violation may have, in the order they are dealt out.
const INJECTABLE: &[Code] = &[
    Code::RegionNotPrescribed,
    Code::TechniqueNotPrescribed,
    Code::VisitsExceeded,
    Code::BeforeIssue,
    Code::AfterExpiry,
    Code::UnknownPrescription,
    Code::WrongSide,
    Code::InvalidValue,
    Code::TomlSyntax,
    Code::UnknownField,
    Code::MissingField,
    Code::UnknownRegion,
    Code::UnknownTechnique,
    Code::MissingSide,
    Code::IdMismatch,
    Code::MissingRecord,
    Code::InvalidNpi,
    Code::InvalidDiagnosis,
    Code::FutureSession,
    Code::StrayFile,
];

fn session_file(patient: &str, stem: &str) -> String {
    format!("{}/{patient}/sessions/{stem}.toml", practice::PATIENTS_DIR)
}

fn rx_file(patient: &str, id: &str) -> String {
    format!(
        "{}/{patient}/prescriptions/{id}.toml",
        practice::PATIENTS_DIR
    )
}

fn inject(
    plans: &mut [PatientPlan],
    opts: &Options,
    vocab: &Vocabulary,
    rules: &Rules,
    rng: &mut Rng,
) -> io::Result<Vec<Violation>> {
    // Each violation gets a prescription (or, for patient-level codes, a
    // patient) to itself, so no two can change each other's findings.
    let mut used_rx: HashSet<(usize, usize)> = HashSet::new();
    let mut used_patient: HashSet<usize> = HashSet::new();
    let all_rx: Vec<(usize, usize)> = plans
        .iter()
        .enumerate()
        .flat_map(|(p, plan)| (0..plan.rxs.len()).map(move |r| (p, r)))
        .collect();
    let mut out = Vec::with_capacity(opts.violations);
    for i in 0..opts.violations {
        let code = INJECTABLE[i % INJECTABLE.len()];
        if matches!(code, Code::MissingRecord | Code::StrayFile) {
            let start = rng.below(plans.len() as u64) as usize;
            let p = (0..plans.len())
                .map(|k| (start + k) % plans.len())
                .find(|p| !used_patient.contains(p))
                .ok_or_else(|| too_small(code))?;
            used_patient.insert(p);
            let plan = &mut plans[p];
            let file = if code == Code::MissingRecord {
                plan.omit_patient_file = true;
                format!("{}/{}/patient.toml", practice::PATIENTS_DIR, plan.rec.id)
            } else {
                plan.stray = true;
                format!("{}/{}/{STRAY_NAME}", practice::PATIENTS_DIR, plan.rec.id)
            };
            out.push(Violation {
                code: code.as_str(),
                file,
            });
            continue;
        }
        let start = rng.below(all_rx.len() as u64) as usize;
        let mut done = None;
        for k in 0..all_rx.len() {
            let (p, r) = all_rx[(start + k) % all_rx.len()];
            if used_rx.contains(&(p, r)) {
                continue;
            }
            if let Some(file) = apply(code, &mut plans[p], r, opts.today, vocab, rules, rng) {
                done = Some(((p, r), file));
                break;
            }
        }
        let (key, file) = done.ok_or_else(|| too_small(code))?;
        used_rx.insert(key);
        out.push(Violation {
            code: code.as_str(),
            file,
        });
    }
    out.sort();
    Ok(out)
}

const STRAY_NAME: &str = "intake-form.toml";

fn too_small(code: Code) -> io::Error {
    invalid(&format!(
        "the practice is too small to inject another `{}` violation",
        code.as_str()
    ))
}

/// Spoils prescription `r` of `plan` (or one of its sessions) so that it breaks
/// exactly one rule, `code`; returns the file the finding is in, or `None` when
/// this prescription cannot carry that violation.
fn apply(
    code: Code,
    plan: &mut PatientPlan,
    r: usize,
    today: NaiveDate,
    vocab: &Vocabulary,
    rules: &Rules,
    rng: &mut Rng,
) -> Option<String> {
    let pid = plan.rec.id.clone();
    let rx = &plan.rxs[r];
    let completed: Vec<usize> = rx
        .sessions
        .iter()
        .copied()
        .filter(|&s| plan.sessions[s].rec.completed())
        .collect();
    let expiry = rx.rec.expiry(rules);
    let coverage: BTreeSet<String> = vocab.coverage(&rx.rec.regions);
    match code {
        Code::InvalidNpi => {
            let npi = plan.rxs[r].rec.prescriber.npi.as_mut()?;
            let last = npi.pop()?.to_digit(10)?;
            npi.push(char::from_digit((last + 1) % 10, 10)?);
            return Some(rx_file(&pid, &plan.rxs[r].rec.id));
        }
        Code::InvalidDiagnosis => {
            let d = plan.rxs[r].rec.diagnoses.first_mut()?;
            d.code = d.code.to_ascii_lowercase();
            return Some(rx_file(&pid, &plan.rxs[r].rec.id));
        }
        Code::VisitsExceeded => {
            if completed.len() < 2 {
                return None;
            }
            let last = *completed.iter().max_by(|&&a, &&b| {
                let (a, b) = (&plan.sessions[a].rec, &plan.sessions[b].rec);
                (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id))
            })?;
            plan.rxs[r].rec.visits = completed.len() as u32 - 1;
            return Some(session_file(&pid, &plan.sessions[last].stem));
        }
        _ => {}
    }
    if completed.is_empty() {
        return None;
    }
    let s = *rng.pick(&completed);
    let issued = rx.rec.issued;
    let techniques = rx.rec.techniques.clone();
    let file = plan.sessions[s].stem.clone();
    let session = &mut plan.sessions[s];
    let rec = &mut session.rec;
    match code {
        Code::RegionNotPrescribed => {
            let m = MIDLINE.iter().find(|m| !coverage.contains(**m))?;
            rec.regions.push((*m).to_string());
        }
        Code::WrongSide => {
            let other = coverage
                .iter()
                .filter_map(|a| other_side(a))
                .find(|o| !coverage.contains(o))?;
            rec.regions.push(other);
        }
        Code::TechniqueNotPrescribed => {
            let t = TECHNIQUES
                .iter()
                .map(|(t, _)| *t)
                .find(|t| !techniques.iter().any(|x| x == t))?;
            rec.techniques.push(t.to_string());
        }
        Code::BeforeIssue => rec.date = add_days(issued, -rng.range(1, 20)),
        Code::AfterExpiry => {
            let room = (today - expiry).num_days() - 1;
            if room < 1 {
                return None;
            }
            rec.date = add_days(expiry, rng.range(1, room.min(30)));
        }
        Code::FutureSession => {
            let room = (expiry - today).num_days();
            if room < 1 || issued > today {
                return None;
            }
            rec.date = add_days(today, rng.range(1, room.min(14)));
        }
        Code::UnknownPrescription => rec.prescription = format!("{}-lost", rec.prescription),
        Code::InvalidValue => rec.pain_after = Some(11),
        Code::MissingField => rec.minutes = None,
        Code::UnknownRegion => rec.regions.push("spleen".into()),
        Code::UnknownTechnique => rec.techniques.push("reiki".into()),
        Code::MissingSide => rec.regions.push("knee".into()),
        Code::IdMismatch => rec.id = format!("{}-copy", rec.id),
        Code::UnknownField => session.edit = Some(TextEdit::ExtraField),
        Code::TomlSyntax => session.edit = Some(TextEdit::Unterminated),
        _ => return None,
    }
    Some(session_file(&pid, &file))
}

/// Writes one record through mmx's own writer: atomic, never over an existing
/// file, owner-only permissions.
fn write(path: &Path, text: &str) -> io::Result<()> {
    match store::create_new(path, text.as_bytes()).map_err(io::Error::other)? {
        store::CreateOutcome::Created => Ok(()),
        store::CreateOutcome::Exists => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists", path.display()),
        )),
    }
}

/// The health screenings that keep every completed session of the plan (as
/// injected) covered by a current one: the patient is asked the red flags at
/// the first visit, and again at the first visit a year or more later. None
/// is dated after `today` (an injected future session is covered by the one
/// of today).
fn screenings(plan: &PatientPlan, today: NaiveDate) -> Vec<Screening> {
    let valid = i64::from(Rules::default().screening_valid_days);
    let mut days: Vec<NaiveDate> = plan
        .sessions
        .iter()
        .filter(|s| s.rec.completed())
        .map(|s| s.rec.date)
        .collect();
    days.sort();
    let mut out: Vec<Screening> = Vec::new();
    for day in days {
        if out
            .last()
            .is_some_and(|s| (day - s.date).num_days() <= valid)
        {
            continue;
        }
        out.push(Screening {
            date: day.min(today),
            by: plan.sessions.first().and_then(|s| s.rec.therapist.clone()),
            flags: vec!["none".into()],
            note: None,
        });
    }
    out
}

fn write_patient(root: &Path, plan: &PatientPlan, today: NaiveDate) -> io::Result<()> {
    let dir: PathBuf = root.join(practice::PATIENTS_DIR).join(&plan.rec.id);
    let rx_dir = dir.join("prescriptions");
    let session_dir = dir.join("sessions");
    store::create_dirs(&rx_dir).map_err(io::Error::other)?;
    store::create_dirs(&session_dir).map_err(io::Error::other)?;
    if !plan.omit_patient_file {
        let mut rec = plan.rec.clone();
        rec.screenings = screenings(plan, today);
        write(&dir.join("patient.toml"), &rec.to_toml())?;
    }
    if plan.stray {
        write(
            &dir.join(STRAY_NAME),
            "# scanned intake form, to be filed\npages = 2\n",
        )?;
    }
    for rx in &plan.rxs {
        write(
            &rx_dir.join(format!("{}.toml", rx.rec.id)),
            &rx.rec.to_toml(),
        )?;
    }
    for s in &plan.sessions {
        let mut text = s.rec.to_toml();
        match s.edit {
            Some(TextEdit::ExtraField) => text.insert_str(0, "room = \"2\"\n"),
            Some(TextEdit::Unterminated) => {
                text = text.replacen("\"\npatient = ", "\npatient = ", 1);
            }
            None => {}
        }
        write(&session_dir.join(format!("{}.toml", s.stem)), &text)?;
    }
    Ok(())
}
