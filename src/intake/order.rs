//! The doctor's order brought into the record (`rx add|edit --order FILE`):
//! the file read whole, named by the day it arrived and its SHA-256, for the
//! gate to write into the patient's `orders/` beside the prescription that
//! names it.

use chrono::NaiveDate;
use std::fs;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Order, OrderSource};
use crate::practice::PATIENTS_DIR;
use crate::practice::digest::sha256_hex;
use crate::practice::folder::ORDERS_DIR;
use crate::practice::store;
use crate::text;

/// The largest order kept: a scan of a few pages is a few megabytes.
pub const MAX_ORDER_BYTES: u64 = 64 << 20;

/// An order read from a file the user named, ready to keep.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// Its name in `orders/`: `DATE-DIGEST.EXT` (the first 12 hex digits of
    /// its SHA-256), so the same file kept twice is one file, and no two
    /// orders take each other's name.
    pub name: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
    /// The extension kept (`.pdf`), or none.
    ext: String,
}

impl NewOrder {
    /// Reads `path` (named by `--order`, for messages), dated `received`.
    pub fn read(path: &Path, received: NaiveDate) -> Result<NewOrder> {
        NewOrder::read_as("--order", path, received)
    }

    /// Reads `path`, named by the flag `flag` (`--order`, or `patient
    /// clear`'s `--document`: a doctor's letter is kept as an order is),
    /// dated `received`.
    pub fn read_as(flag: &str, path: &Path, received: NaiveDate) -> Result<NewOrder> {
        let shown = text::clean(&path.display().to_string()).into_owned();
        let meta = fs::metadata(path)
            .map_err(|e| Error::Usage(format!("{flag} {shown}: cannot be read ({e})")))?;
        if !meta.is_file() {
            return Err(Error::Usage(format!("{flag} {shown}: not a file")));
        }
        // A document kept on file comes from outside: a file of a practice's
        // records (a patient's record, another patient's kept order) copied
        // in would put one patient's words in another's folder.
        // (A link is followed to the file it names.)
        let real = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let folder = real
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Some(root) = store::practice_holding_records(folder) {
            return Err(Error::Usage(format!(
                "{flag} {shown}: is among the records of the practice in {}, not a document from outside; nothing was written\n  hint: record the scan, fax or referral as it arrived (from where it was saved, outside {PATIENTS_DIR}/); a file left in a patient's {ORDERS_DIR}/ is moved out first",
                text::clean(&root.display().to_string())
            )));
        }
        if meta.len() > MAX_ORDER_BYTES {
            return Err(Error::Usage(format!(
                "{flag} {shown}: {} bytes, more than the {} MiB a document kept on file may have",
                meta.len(),
                MAX_ORDER_BYTES >> 20
            )));
        }
        let bytes = fs::read(path)
            .map_err(|e| Error::Usage(format!("{flag} {shown}: cannot be read ({e})")))?;
        Ok(NewOrder::from_bytes(bytes, extension(path), received))
    }

    /// An order of these bytes, whose file had extension `ext` (lowercase
    /// letters and digits only, else none is kept).
    pub fn from_bytes(bytes: Vec<u8>, ext: Option<String>, received: NaiveDate) -> NewOrder {
        let sha256 = sha256_hex(&bytes);
        let ext = ext.map(|e| format!(".{e}")).unwrap_or_default();
        NewOrder {
            name: format!("{received}-{}{ext}", &sha256[..12]),
            sha256,
            bytes,
            ext,
        }
    }

    /// The same order, named for another day it arrived.
    pub fn received_on(self, received: NaiveDate) -> NewOrder {
        NewOrder {
            name: format!("{received}-{}{}", &self.sha256[..12], self.ext),
            ..self
        }
    }

    /// Its place in patient `patient`'s folder, from the practice root.
    pub fn rel(&self, patient: &str) -> String {
        format!("{PATIENTS_DIR}/{patient}/{ORDERS_DIR}/{}", self.name)
    }

    /// What the prescription records of it.
    pub fn record(&self, received: NaiveDate, source: Option<OrderSource>) -> Order {
        Order {
            file: self.name.clone(),
            sha256: self.sha256.clone(),
            received: Some(received),
            source,
        }
    }
}

/// When and how an order arrived, as the prescription will record it, when
/// `rx edit --order` records one in place of the order it keeps (`recorded`).
/// Nothing recorded is dropped unasked:
///
/// - no order recorded yet: `received` (default today) and `source`, as
///   `rx add` takes them;
/// - the same file again (its SHA-256 is the recorded one's): what the
///   command line does not say is kept from the record;
/// - another file, a new order: it arrived on a day and in a way of its
///   own, which mmx will not guess, from today nor from the earlier order.
///   Each the recorded order says and the command line does not is
///   returned as `Err`, by its flag (`--received`, `--source`), for the
///   command line to ask for.
pub fn arrival(
    recorded: Option<&Order>,
    sha256: &str,
    received: Option<NaiveDate>,
    source: Option<OrderSource>,
    today: NaiveDate,
) -> std::result::Result<(NaiveDate, Option<OrderSource>), Vec<&'static str>> {
    let Some(old) = recorded else {
        return Ok((received.unwrap_or(today), source));
    };
    if old.sha256 == sha256 {
        return Ok((
            received.or(old.received).unwrap_or(today),
            source.or(old.source),
        ));
    }
    let mut missing = Vec::new();
    if received.is_none() && old.received.is_some() {
        missing.push("--received");
    }
    if source.is_none() && old.source.is_some() {
        missing.push("--source");
    }
    if missing.is_empty() {
        Ok((received.unwrap_or(today), source))
    } else {
        Err(missing)
    }
}

/// A file name's extension as kept: lowercase ASCII letters and digits, at
/// most 8, never `toml` (a `.toml` in a patient's folder is taken for a
/// record).
fn extension(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    (!ext.is_empty()
        && ext.len() <= 8
        && ext != "toml"
        && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
    .then_some(ext)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::order_name_ok;

    #[test]
    fn a_new_order_in_place_of_one_recorded_says_when_and_how_it_came() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = day("2026-11-23");
        let old = Order {
            file: "2026-10-02-ba7816bf8f01.pdf".into(),
            sha256: "ba".repeat(32),
            received: Some(day("2026-10-02")),
            source: Some(OrderSource::Fax),
        };
        // None recorded: as `rx add`.
        assert_eq!(arrival(None, "cd", None, None, today), Ok((today, None)));
        // The same file: kept.
        assert_eq!(
            arrival(Some(&old), &old.sha256, None, None, today),
            Ok((day("2026-10-02"), Some(OrderSource::Fax)))
        );
        // Another: said, never guessed.
        assert_eq!(
            arrival(Some(&old), "cd", None, None, today),
            Err(vec!["--received", "--source"])
        );
        assert_eq!(
            arrival(Some(&old), "cd", Some(today), None, today),
            Err(vec!["--source"])
        );
        assert_eq!(
            arrival(
                Some(&old),
                "cd",
                Some(today),
                Some(OrderSource::Portal),
                today
            ),
            Ok((today, Some(OrderSource::Portal)))
        );
        let bare = Order {
            received: None,
            source: None,
            ..old.clone()
        };
        assert_eq!(
            arrival(Some(&bare), "cd", None, None, today),
            Ok((today, None))
        );
        let o = NewOrder::from_bytes(b"abc".to_vec(), Some("pdf".into()), today);
        assert_eq!(
            o.received_on(day("2026-10-02")).name,
            "2026-10-02-ba7816bf8f01.pdf"
        );
    }

    #[test]
    fn an_order_is_named_by_its_day_and_digest() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let o = NewOrder::from_bytes(b"abc".to_vec(), Some("pdf".into()), d);
        assert_eq!(o.name, "2026-10-01-ba7816bf8f01.pdf");
        assert_eq!(
            o.rel("ana-lima-1980"),
            "patients/ana-lima-1980/orders/2026-10-01-ba7816bf8f01.pdf"
        );
        assert!(order_name_ok(&o.name));
        assert_eq!(extension(Path::new("fax.PDF")).as_deref(), Some("pdf"));
        assert_eq!(extension(Path::new("x.toml")), None);
        assert_eq!(extension(Path::new("x.p d f")), None);
        assert_eq!(extension(Path::new("noext")), None);
    }
}
