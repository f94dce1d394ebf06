//! The canonical writer of a patient's screenings, clearances and consents
//! (each also as the entry `mmx patient screen|clear|consent` appends).

use super::{TableBuilder, render};
use crate::model::fields;
use crate::model::{Clearance, Consent, ConsentPer, Rules, Screening};
use toml::Table;

impl Screening {
    pub(super) fn to_table(&self) -> Table {
        TableBuilder::new(fields::SCREENING)
            .date("date", self.date)
            .opt_str("by", &self.by)
            .list("flags", &self.flags, true)
            .opt_str("note", &self.note)
            .done()
    }

    /// The entry as it is appended to `patient.toml` by `mmx patient screen`.
    pub fn to_toml(&self) -> String {
        entry("screenings", self.to_table())
    }
}

impl Clearance {
    pub(super) fn to_table(&self) -> Table {
        TableBuilder::new(fields::CLEARANCE)
            .date("date", self.date)
            .str("by", &self.by)
            .opt_str("npi", &self.npi)
            .list("flags", &self.flags, true)
            .list("avoid_regions", &self.avoid_regions, false)
            .opt_date("expires", self.expires)
            .opt_str("document", &self.document)
            .opt_str("sha256", &self.sha256)
            .opt_str("note", &self.note)
            .done()
    }

    /// The entry as it is appended to `patient.toml` by `mmx patient clear`.
    pub fn to_toml(&self) -> String {
        entry("clearances", self.to_table())
    }
}

impl Consent {
    pub(super) fn to_table(&self) -> Table {
        let per = (self.per != ConsentPer::Course).then(|| self.per.as_str().to_string());
        TableBuilder::new(fields::CONSENT)
            .date("date", self.date)
            .str("scope", self.scope.as_str())
            .list("regions", &self.regions, false)
            .str("signed_by", &self.signed_by)
            .opt_str("per", &per)
            .opt_date("withdrawn", self.withdrawn)
            .opt_str("note", &self.note)
            .done()
    }

    /// The entry as it is appended to `patient.toml` by `mmx patient consent`.
    pub fn to_toml(&self) -> String {
        entry("consents", self.to_table())
    }
}

fn entry(key: &str, table: Table) -> String {
    render(
        &TableBuilder::new(fields::PATIENT)
            .tables(key, vec![table])
            .done(),
    )
}

impl Rules {
    /// `[rules]` with the safety rules a practice set (those left at their
    /// defaults are not written, so a practice's file says what it chose).
    pub(super) fn safety_settings(&self, rules: Table) -> Table {
        use crate::model::ConsentRule;
        use toml::Value;
        let d = Self::default();
        let mut b = TableBuilder(rules, fields::RULES);
        if self.screening_valid_days != d.screening_valid_days {
            b = b.int("screening_valid_days", self.screening_valid_days);
        }
        if self.require_screening {
            b.0.insert("require_screening".into(), Value::Boolean(true));
        }
        if self.ask_health_change {
            b.0.insert("ask_health_change".into(), Value::Boolean(true));
        }
        if self.sensitive_consent != ConsentRule::Off {
            b = b.str("sensitive_consent", self.sensitive_consent.as_str());
        }
        if self.sensitive_regions != d.sensitive_regions {
            b = b.list("sensitive_regions", &self.sensitive_regions, true);
        }
        b.done()
    }
}
