//! The canonical writer of every record kind: a record's fields in the key
//! order of its field table ([`crate::model::fields`]), as the reader reads
//! them back. The inverse of the readers beside it.

use crate::vocab::measures;
use chrono::{NaiveDate, NaiveTime, Weekday};
use toml::value;
use toml::{Table, Value};

use crate::model::fields::{self, Field};
use crate::model::*;

mod safety;

impl Measurement {
    fn to_table(&self) -> Table {
        key_table(fields::MEASURE, &self.key)
            .float("value", self.value)
            .done()
    }
}

impl HomeCare {
    fn to_table(&self) -> Table {
        TableBuilder::new(fields::HOME_CARE)
            .str("kind", &self.kind)
            .str("region", &self.region)
            .opt_str("dose", &self.dose)
            .opt_str("frequency", &self.frequency)
            .done()
    }
}

impl Target {
    fn to_table(&self) -> Table {
        key_table(fields::TARGET, &self.key)
            .float("target", self.target)
            .opt_date("by", self.by)
            .done()
    }

    /// The entry as it is appended to a prescription by `mmx rx edit --target`.
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(fields::PRESCRIPTION)
                .tables("targets", vec![self.to_table()])
                .done(),
        )
    }
}

fn key_table(spec: &'static [Field], k: &measures::MeasureKey) -> TableBuilder {
    TableBuilder::new(spec)
        .str("measure", &k.measure)
        .opt_str("site", &k.site)
        .opt_str("motion", &k.motion)
        .opt_str("item", &k.item)
}

impl SentReport {
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(fields::REPORT)
                .str("id", &self.id)
                .str("patient", &self.patient)
                .str("prescription", &self.prescription)
                .date("date", self.date)
                .str("to", &self.to)
                .str("format", &self.format)
                .opt_str("recommendation", &self.recommendation)
                .opt_int("request_visits", self.request_visits)
                .opt_str("sent", &self.sent)
                .opt_str("fax", &self.fax)
                .opt_date("sent_on", self.sent_on)
                .opt_str("sha256", &self.sha256)
                .done(),
        )
    }
}

/// Builds the canonical TOML table of a record: keys in the order of the
/// record kind's field table ([`crate::model::fields`]), absent optional fields left
/// out, dates as native TOML dates.
struct TableBuilder(Table, &'static [Field]);

impl TableBuilder {
    fn new(spec: &'static [Field]) -> Self {
        TableBuilder(Table::new(), spec)
    }
    fn str(mut self, key: &str, v: &str) -> Self {
        self.0.insert(key.into(), Value::String(v.to_string()));
        self
    }
    fn opt_str(self, key: &str, v: &Option<String>) -> Self {
        match v {
            Some(v) => self.str(key, v),
            None => self,
        }
    }
    fn int(mut self, key: &str, v: impl Into<i64>) -> Self {
        self.0.insert(key.into(), Value::Integer(v.into()));
        self
    }
    /// A measurement: a whole number as an integer (`130`), else a float.
    fn float(mut self, key: &str, v: f64) -> Self {
        let value = if v.fract() == 0.0 && v.abs() < 1e15 {
            Value::Integer(v as i64)
        } else {
            Value::Float(v)
        };
        self.0.insert(key.into(), value);
        self
    }
    fn opt_int<T: Into<i64> + Copy>(self, key: &str, v: Option<T>) -> Self {
        match v {
            Some(v) => self.int(key, v),
            None => self,
        }
    }
    fn opt_bool(mut self, key: &str, v: Option<bool>) -> Self {
        if let Some(b) = v {
            self.0.insert(key.into(), Value::Boolean(b));
        }
        self
    }
    fn date(mut self, key: &str, v: NaiveDate) -> Self {
        self.0.insert(key.into(), Value::Datetime(toml_date(v)));
        self
    }
    fn opt_date(self, key: &str, v: Option<NaiveDate>) -> Self {
        match v {
            Some(v) => self.date(key, v),
            None => self,
        }
    }
    fn opt_time(mut self, key: &str, v: Option<NaiveTime>) -> Self {
        if let Some(t) = v {
            use chrono::Timelike;
            let time = value::Time {
                hour: t.hour() as u8,
                minute: t.minute() as u8,
                second: Some(t.second() as u8),
                nanosecond: None,
            };
            let dt = value::Datetime {
                date: None,
                time: Some(time),
                offset: None,
            };
            self.0.insert(key.into(), Value::Datetime(dt));
        }
        self
    }
    /// Lists are written even when empty only if `always` is set (required lists).
    fn list(mut self, key: &str, v: &[String], always: bool) -> Self {
        if always || !v.is_empty() {
            let items = v.iter().map(|s| Value::String(s.clone())).collect();
            self.0.insert(key.into(), Value::Array(items));
        }
        self
    }
    fn table(mut self, key: &str, t: Table) -> Self {
        if !t.is_empty() {
            self.0.insert(key.into(), Value::Table(t));
        }
        self
    }
    fn tables(mut self, key: &str, ts: Vec<Table>) -> Self {
        if !ts.is_empty() {
            self.0.insert(
                key.into(),
                Value::Array(ts.into_iter().map(Value::Table).collect()),
            );
        }
        self
    }
    fn done(self) -> Table {
        let TableBuilder(mut table, spec) = self;
        let rank = |k: &str| spec.iter().position(|f| f.name == k).unwrap_or(usize::MAX);
        let mut keys: Vec<String> = table.keys().cloned().collect();
        keys.sort_by_key(|k| rank(k));
        keys.into_iter()
            .filter_map(|k| table.remove(&k).map(|v| (k, v)))
            .collect()
    }
}

pub fn toml_date(d: NaiveDate) -> value::Datetime {
    use chrono::Datelike;
    value::Datetime {
        date: Some(value::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

/// Serialises a canonical table; the same record always gives the same bytes.
fn render(table: &Table) -> String {
    let mut s = toml::to_string(table).unwrap_or_default();
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

impl Settings {
    pub fn to_toml(&self) -> String {
        let practice = TableBuilder::new(fields::PRACTICE)
            .str("name", &self.practice.name)
            .opt_str("therapist", &self.practice.therapist)
            .opt_str("address", &self.practice.address)
            .opt_str("phone", &self.practice.phone)
            .opt_str("fax", &self.practice.fax)
            .opt_str("time_zone", &self.practice.time_zone)
            .done();
        let week_starts = (self.rules.week_starts != Weekday::Mon)
            .then(|| weekday_word(self.rules.week_starts).to_string());
        let rules = TableBuilder::new(fields::RULES)
            .int("rx_valid_days", self.rules.rx_valid_days)
            .int("report_every_visits", self.rules.report_every_visits)
            .int("report_every_days", self.rules.report_every_days)
            .opt_str("week_starts", &week_starts)
            .opt_bool("require_order", self.rules.require_order.then_some(true))
            .done();
        let rules = self.rules.safety_settings(rules);
        let alerts = TableBuilder::new(fields::ALERTS)
            .int("within_days", self.alerts.within_days)
            .int("visits_left", self.alerts.visits_left)
            .done();
        let therapists = self
            .therapists
            .iter()
            .map(|t| {
                TableBuilder::new(fields::THERAPIST)
                    .str("name", &t.name)
                    .opt_str("credential", &t.credential)
                    .opt_str("license", &t.license)
                    .opt_str("npi", &t.npi)
                    .done()
            })
            .collect();
        let vocabulary = TableBuilder::new(fields::VOCABULARY)
            .list("regions", &self.vocabulary.regions, true)
            .list("techniques", &self.vocabulary.techniques, true)
            .done();
        render(
            &TableBuilder::new(fields::SETTINGS)
                .table("practice", practice)
                .tables("therapists", therapists)
                .table("rules", rules)
                .table("alerts", alerts)
                .table("vocabulary", vocabulary)
                .table(
                    "billing",
                    self.billing
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                        .collect(),
                )
                .done(),
        )
    }
}

impl Patient {
    pub fn to_toml(&self) -> String {
        // The text fields, each where the table puts it.
        let texts = Patient::TEXTS
            .into_iter()
            .fold(TableBuilder::new(fields::PATIENT), |b, key| {
                b.opt_str(key, &self.text(key).cloned())
            });
        render(
            &texts
                .str("id", &self.id)
                .str("name", &self.name)
                .opt_date("birth_date", self.birth_date)
                .opt_str("gender", &self.gender.map(|g| g.as_str().to_string()))
                .list("contraindications", &self.contraindications, false)
                .list("avoid_regions", &self.avoid_regions, false)
                .list("avoid_techniques", &self.avoid_techniques, false)
                .tables(
                    "screenings",
                    self.screenings.iter().map(Screening::to_table).collect(),
                )
                .tables(
                    "clearances",
                    self.clearances.iter().map(Clearance::to_table).collect(),
                )
                .tables(
                    "consents",
                    self.consents.iter().map(Consent::to_table).collect(),
                )
                .done(),
        )
    }
}

impl Prescription {
    pub fn to_toml(&self) -> String {
        let prescriber = TableBuilder::new(fields::PRESCRIBER)
            .str("name", &self.prescriber.name)
            .opt_str("credential", &self.prescriber.credential)
            .opt_str("npi", &self.prescriber.npi)
            .opt_str("license", &self.prescriber.license)
            .opt_str("phone", &self.prescriber.phone)
            .opt_str("fax", &self.prescriber.fax)
            .opt_str("address", &self.prescriber.address)
            .done();
        let diagnoses = self
            .diagnoses
            .iter()
            .map(|d| {
                TableBuilder::new(fields::DIAGNOSIS)
                    .str("code", &d.code)
                    .opt_str("text", &d.text)
                    .done()
            })
            .collect();
        render(
            &TableBuilder::new(fields::PRESCRIPTION)
                .str("id", &self.id)
                .str("patient", &self.patient)
                .date("issued", self.issued)
                .opt_date("expires", self.expires)
                .opt_str("renews", &self.renews)
                .opt_str("referral_id", &self.referral_id)
                .int("visits", self.visits)
                .opt_str("frequency", &self.frequency.as_ref().map(|f| f.to_string()))
                .opt_int("weeks", self.weeks)
                .opt_int("minutes", self.minutes)
                .list("regions", &self.regions, true)
                .list("techniques", &self.techniques, true)
                .list("avoid_regions", &self.avoid_regions, false)
                .list("avoid_techniques", &self.avoid_techniques, false)
                .opt_str("precautions", &self.precautions)
                .list("goals", &self.goals, false)
                .tables(
                    "targets",
                    self.targets.iter().map(Target::to_table).collect(),
                )
                .table("prescriber", prescriber)
                .tables("diagnoses", diagnoses)
                .table(
                    "order",
                    self.order.as_ref().map(Order::to_table).unwrap_or_default(),
                )
                .tables(
                    "earlier_orders",
                    self.earlier_orders.iter().map(Order::to_table).collect(),
                )
                .table(
                    "closed",
                    self.closed
                        .as_ref()
                        .map(Closure::to_table)
                        .unwrap_or_default(),
                )
                .done(),
        )
    }
}

impl Order {
    fn to_table(&self) -> Table {
        TableBuilder::new(fields::ORDER)
            .str("file", &self.file)
            .str("sha256", &self.sha256)
            .opt_date("received", self.received)
            .opt_str("source", &self.source.map(|s| s.as_str().to_string()))
            .done()
    }

    /// The order as one of `[[earlier_orders]]`, as `mmx rx edit --order`
    /// appends it when a new order takes its place.
    pub fn to_earlier_toml(&self) -> String {
        render(
            &TableBuilder::new(fields::PRESCRIPTION)
                .tables("earlier_orders", vec![self.to_table()])
                .done(),
        )
    }
}

impl Closure {
    fn to_table(&self) -> Table {
        TableBuilder::new(fields::CLOSED)
            .date("date", self.date)
            .str("reason", self.reason.as_str())
            .opt_str("note", &self.note)
            .opt_str("by", &self.by)
            .done()
    }
}

impl Void {
    fn to_table(&self) -> Table {
        TableBuilder::new(fields::VOID)
            .date("date", self.date)
            .opt_str("by", &self.by)
            .str("reason", &self.reason)
            .done()
    }

    /// The table as it is appended to a session file by `mmx session void`.
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(fields::SESSION)
                .table("void", self.to_table())
                .done(),
        )
    }
}

impl Amendment {
    fn to_table(&self) -> Table {
        TableBuilder::new(fields::AMENDMENT)
            .date("date", self.date)
            .opt_str("by", &self.by)
            .str("note", &self.note)
            .done()
    }

    /// The entry as it is appended to a session file by `mmx session amend`.
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(fields::SESSION)
                .tables("amendments", vec![self.to_table()])
                .done(),
        )
    }
}

impl Override {
    fn to_table(&self) -> Table {
        TableBuilder::new(fields::OVERRIDE)
            .date("date", self.date)
            .opt_str("by", &self.by)
            .list("findings", &self.findings, true)
            .str("reason", &self.reason)
            .done()
    }

    /// The entry as it is appended to a session file by `mmx session override`.
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(fields::SESSION)
                .tables("overrides", vec![self.to_table()])
                .done(),
        )
    }
}

impl Session {
    pub fn to_toml(&self) -> String {
        let soap = TableBuilder::new(fields::SOAP)
            .opt_str("subjective", &self.soap.subjective)
            .opt_str("objective", &self.soap.objective)
            .opt_str("assessment", &self.soap.assessment)
            .opt_str("plan", &self.soap.plan)
            .done();
        let done = self.status == Status::Completed;
        let status = (!done).then(|| self.status.as_str().to_string());
        render(
            &TableBuilder::new(fields::SESSION)
                .str("id", &self.id)
                .str("patient", &self.patient)
                .str("prescription", &self.prescription)
                .date("date", self.date)
                .opt_time("start", self.start)
                .opt_str("start_offset", &self.start_offset)
                .opt_int("minutes", self.minutes)
                .opt_str("status", &status)
                .opt_str("therapist", &self.therapist)
                .list("regions", &self.regions, done)
                .list("techniques", &self.techniques, done)
                .opt_int("pain_before", self.pain_before)
                .opt_int("pain_after", self.pain_after)
                .opt_str("health_change", &self.health_change)
                .list("health_change_flags", &self.health_change_flags, false)
                .list("consent", &self.consent, false)
                .opt_str("adherence", &self.adherence.map(|a| a.as_str().to_string()))
                .opt_str("override", &self.override_reason)
                .tables(
                    "measures",
                    self.measures.iter().map(Measurement::to_table).collect(),
                )
                .tables(
                    "home_care",
                    self.home_care.iter().map(HomeCare::to_table).collect(),
                )
                .table("soap", soap)
                .tables(
                    "amendments",
                    self.amendments.iter().map(Amendment::to_table).collect(),
                )
                .tables(
                    "overrides",
                    self.overrides.iter().map(Override::to_table).collect(),
                )
                .table(
                    "void",
                    self.void.as_ref().map(Void::to_table).unwrap_or_default(),
                )
                .done(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fields::{self, Ty};
    use crate::model::{Order, OrderSource};
    use toml::Value;

    #[test]
    fn frequencies_read_their_grammar_and_nothing_else() {
        let f = |s: &str| Frequency::parse(s).map(|f| f.to_string());
        assert_eq!(f("2x/week").as_deref(), Some("2x/week"));
        assert_eq!(f(" 2X / Week ").as_deref(), Some("2x/week"));
        assert_eq!(f("1x/day").as_deref(), Some("1x/day"));
        assert_eq!(f("4x/month").as_deref(), Some("4x/month"));
        assert_eq!(
            f("2x/week for 6 weeks").as_deref(),
            Some("2x/week for 6 weeks")
        );
        assert_eq!(
            f("1x/week for 1 week").as_deref(),
            Some("1x/week for 1 week")
        );
        for bad in [
            "",
            "twice weekly",
            "2/week",
            "0x/week",
            "2x/fortnight",
            "2x/week for",
            "2x/week for six weeks",
            "2x/week for 6 days",
            "+2x/week",
            "1x/week, then every 2-4 weeks",
        ] {
            assert_eq!(f(bad), None, "{bad:?}");
        }
        assert_eq!(Frequency::parse("3x/week").unwrap().per_week(), Some(3.0));
        assert_eq!(Frequency::parse("1x/day").unwrap().per_week(), Some(7.0));
    }

    #[test]
    fn calendar_periods_start_where_the_practice_says() {
        // 2026-01-14 is a Wednesday.
        let day = d("2026-01-14");
        assert_eq!(Per::Week.period_start(day, Weekday::Mon), d("2026-01-12"));
        assert_eq!(Per::Week.period_start(day, Weekday::Sun), d("2026-01-11"));
        assert_eq!(Per::Week.period_start(day, Weekday::Wed), day);
        assert_eq!(Per::Week.period_start(day, Weekday::Thu), d("2026-01-08"));
        assert_eq!(Per::Month.period_start(day, Weekday::Mon), d("2026-01-01"));
        assert_eq!(Per::Day.period_start(day, Weekday::Mon), day);
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Every value written has the type, and every table the key order, of
    /// its record kind's field table: the writer and the table cannot drift.
    #[test]
    fn what_the_writer_writes_is_what_the_field_tables_say() {
        let some = || Some("x y".to_string());
        let patient = Patient {
            id: "a".into(),
            name: "A".into(),
            birth_date: Some(d("1980-01-01")),
            gender: Some(Gender::Female),
            phone: some(),
            email: some(),
            address: some(),
            emergency_contact: some(),
            contraindications: vec!["c".into()],
            avoid_regions: vec!["intraoral".into()],
            avoid_techniques: vec!["cupping".into()],
            notes: some(),
            screenings: vec![Screening {
                date: d("2026-01-01"),
                by: some(),
                flags: vec!["dvt-history".into()],
                note: some(),
            }],
            clearances: vec![Clearance {
                date: d("2026-01-02"),
                by: "Dr. C".into(),
                npi: Some("1234567893".into()),
                flags: vec!["dvt-history".into()],
                avoid_regions: vec!["bilateral-lower-leg".into()],
                expires: Some(d("2026-06-01")),
                document: some(),
                sha256: Some("0".repeat(64)),
                note: some(),
            }],
            consents: vec![Consent {
                date: d("2026-01-02"),
                scope: ConsentScope::Sensitive,
                regions: vec!["left-gluteal".into()],
                signed_by: "A".into(),
                per: ConsentPer::Session,
                withdrawn: Some(d("2026-02-01")),
                note: some(),
            }],
        };
        let rx = Prescription {
            id: "r".into(),
            patient: "a".into(),
            issued: d("2026-01-01"),
            expires: Some(d("2026-02-01")),
            renews: Some("q".into()),
            referral_id: Some("ORD-123".into()),
            visits: 3,
            frequency: Frequency::parse("2x/week for 6 weeks"),
            weeks: Some(6),
            minutes: Some(50),
            regions: vec!["lumbar".into()],
            techniques: vec!["swedish".into()],
            avoid_regions: vec!["left-wrist".into()],
            avoid_techniques: vec!["cupping".into()],
            precautions: some(),
            goals: vec!["g".into()],
            targets: vec![Target {
                key: measures::MeasureKey {
                    measure: "rom".into(),
                    site: Some("left-shoulder".into()),
                    motion: Some("flexion".into()),
                    item: None,
                },
                target: 160.0,
                by: Some(d("2026-03-01")),
            }],
            prescriber: Prescriber {
                name: "P".into(),
                credential: some(),
                npi: some(),
                license: some(),
                phone: some(),
                fax: some(),
                address: some(),
            },
            diagnoses: vec![Diagnosis {
                code: "M54.16".into(),
                text: some(),
            }],
            order: Some(Order {
                file: "2026-01-01-ba7816bf8f01.pdf".into(),
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
                received: Some(d("2026-01-02")),
                source: Some(OrderSource::Fax),
            }),
            earlier_orders: vec![Order {
                file: "2025-12-01-ba7816bf8f01.pdf".into(),
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
                received: Some(d("2025-12-02")),
                source: Some(OrderSource::Mail),
            }],
            closed: Some(Closure {
                date: d("2026-01-20"),
                reason: CloseReason::GoalsMet,
                note: some(),
                by: some(),
            }),
        };
        let session = Session {
            id: "s".into(),
            patient: "a".into(),
            prescription: "r".into(),
            date: d("2026-01-02"),
            start: NaiveTime::from_hms_opt(9, 30, 0),
            start_offset: Some("-06:00".into()),
            minutes: Some(50),
            status: Status::NoShow,
            therapist: some(),
            regions: vec!["lumbar".into()],
            techniques: vec!["swedish".into()],
            pain_before: Some(3),
            pain_after: Some(1),
            health_change: some(),
            health_change_flags: vec!["surgery-6mo".into()],
            consent: vec!["sensitive".into()],
            adherence: Some(Adherence::Partial),
            home_care: vec![HomeCare {
                kind: "stretch".into(),
                region: "cervical".into(),
                dose: Some("3x30s".into()),
                frequency: Some("2x/day".into()),
            }],
            measures: vec![Measurement {
                key: measures::MeasureKey {
                    measure: "psfs".into(),
                    site: None,
                    motion: None,
                    item: Some("Lift grandchild".into()),
                },
                value: 4.5,
            }],
            override_reason: some(),
            soap: Soap {
                subjective: some(),
                objective: some(),
                assessment: some(),
                plan: some(),
            },
            amendments: vec![Amendment {
                date: d("2026-01-03"),
                by: some(),
                note: "n".into(),
            }],
            overrides: vec![Override {
                date: d("2026-01-03"),
                by: some(),
                findings: vec!["wrong-side: right-knee".into()],
                reason: "r".into(),
            }],
            void: Some(Void {
                date: d("2026-01-04"),
                by: some(),
                reason: "r".into(),
            }),
        };
        let settings = Settings {
            practice: PracticeInfo {
                name: "P".into(),
                therapist: some(),
                address: some(),
                phone: some(),
                fax: some(),
                time_zone: some(),
            },
            therapists: vec![Therapist {
                name: "T".into(),
                credential: some(),
                license: some(),
                npi: some(),
            }],
            rules: Rules {
                week_starts: Weekday::Sun,
                screening_valid_days: 180,
                require_screening: true,
                ask_health_change: true,
                sensitive_consent: ConsentRule::PerSession,
                sensitive_regions: vec!["intraoral".into()],
                require_order: true,
                ..Default::default()
            },
            ..Default::default()
        };
        fn agree(table: &Table, spec: &[fields::Field], subs: &[(&str, &'static [fields::Field])]) {
            let keys: Vec<&str> = table.keys().map(String::as_str).collect();
            let order: Vec<&str> = spec
                .iter()
                .map(|f| f.name)
                .filter(|n| keys.contains(n))
                .collect();
            assert_eq!(keys, order, "keys out of the table's order");
            for (key, value) in table {
                let f = spec
                    .iter()
                    .find(|f| f.name == key)
                    .expect("a key the table names");
                let ok = match (f.ty, value) {
                    (Ty::Str, Value::String(_)) | (Ty::Int, Value::Integer(_)) => true,
                    (Ty::Num, Value::Integer(_) | Value::Float(_)) => true,
                    (Ty::Bool, Value::Boolean(_)) => true,
                    (Ty::Date, Value::Datetime(dt)) => dt.date.is_some() && dt.time.is_none(),
                    (Ty::Time, Value::Datetime(dt)) => dt.date.is_none() && dt.time.is_some(),
                    (Ty::List, Value::Array(a)) => a.iter().all(Value::is_str),
                    (Ty::Table, Value::Table(t)) => {
                        let sub = subs.iter().find(|(k, _)| k == key).expect("a sub-table").1;
                        agree(t, sub, subs);
                        true
                    }
                    (Ty::Tables, Value::Array(a)) => {
                        let sub = subs.iter().find(|(k, _)| k == key).expect("a sub-table").1;
                        a.iter().all(|t| {
                            agree(t.as_table().expect("a table"), sub, subs);
                            true
                        })
                    }
                    _ => false,
                };
                assert!(ok, "`{key}` is written as {value:?}, not {:?}", f.ty);
            }
        }
        let subs: &[(&str, &'static [fields::Field])] = &[
            ("prescriber", fields::PRESCRIBER),
            ("diagnoses", fields::DIAGNOSIS),
            ("order", fields::ORDER),
            ("earlier_orders", fields::ORDER),
            ("soap", fields::SOAP),
            ("amendments", fields::AMENDMENT),
            ("overrides", fields::OVERRIDE),
            ("measures", fields::MEASURE),
            ("home_care", fields::HOME_CARE),
            ("targets", fields::TARGET),
            ("closed", fields::CLOSED),
            ("void", fields::VOID),
            ("practice", fields::PRACTICE),
            ("therapists", fields::THERAPIST),
            ("rules", fields::RULES),
            ("alerts", fields::ALERTS),
            ("vocabulary", fields::VOCABULARY),
            ("screenings", fields::SCREENING),
            ("clearances", fields::CLEARANCE),
            ("consents", fields::CONSENT),
        ];
        for (text, spec) in [
            (patient.to_toml(), fields::PATIENT),
            (rx.to_toml(), fields::PRESCRIPTION),
            (session.to_toml(), fields::SESSION),
            (settings.to_toml(), fields::SETTINGS),
        ] {
            let table: Table = toml::from_str(&text).unwrap();
            agree(&table, spec, subs);
        }
    }
}
