//! The findings cache: counts of errors per patient folder, keyed by mmx's
//! build, mmx.toml's blob, the day and the folder's tree id, so a folder git
//! has not changed is not read again to be counted.

use crate::git::repo::Repo;
use crate::practice::read::Record;
use crate::practice::store;
use crate::practice::tree;
use crate::practice::tree::Tree;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How many errors each patient folder had, by the folder's tree id in git,
/// for one build of mmx, one mmx.toml and one day: a folder git has not
/// changed is not read again to be counted. Kept in the repository's own
/// folder (`mmx/findings-cache`), holding ids and counts, never a record.
/// Anything unexpected in it is ignored: it is only ever a shortcut.
pub struct FindingsCache {
    path: PathBuf,
    key: String,
    counts: HashMap<String, usize>,
    changed: bool,
}

impl FindingsCache {
    pub fn open(repo: &Repo, settings_oid: &str, today: chrono::NaiveDate) -> FindingsCache {
        let path = repo.common_dir.join("mmx").join("findings-cache");
        let key = format!(
            "mmx-findings-cache 2 {} {} {today} {}",
            build_stamp(),
            settings_oid,
            repo.prefix
        );
        let mut counts = HashMap::new();
        // Opened as a record is: never a link followed or a pipe waited on.
        if let Ok(Record::Read { bytes, .. }) = (tree::Disk {
            root: Path::new(""),
        })
        .read(&path)
            && let Ok(text) = String::from_utf8(bytes)
            && let Some((head, rest)) = text.split_once('\n')
            && head == key
        {
            for line in rest.lines() {
                if let Some((oid, n)) = line.split_once(' ')
                    && let Ok(n) = n.parse()
                {
                    counts.insert(oid.to_string(), n);
                }
            }
        }
        FindingsCache {
            path,
            key,
            counts,
            changed: false,
        }
    }

    /// A patient's count, by id and folder: the same folder under another
    /// name (a copy) has other findings (`id-mismatch`).
    pub fn errors(&self, id: &str, tree_oid: &str) -> Option<usize> {
        self.counts.get(&format!("{id}/{tree_oid}")).copied()
    }

    pub fn insert(&mut self, id: &str, tree_oid: &str, errors: usize) {
        self.counts.insert(format!("{id}/{tree_oid}"), errors);
        self.changed = true;
    }

    /// Written whole and atomically; a cache that cannot be written is only
    /// a slower next check.
    pub fn save(&self) {
        if !self.changed {
            return;
        }
        let mut text = String::with_capacity(self.key.len() + 48 * self.counts.len());
        text.push_str(&self.key);
        text.push('\n');
        let mut lines: Vec<_> = self.counts.iter().collect();
        lines.sort();
        for (oid, n) in lines {
            text.push_str(&format!("{oid} {n}\n"));
        }
        if let Some(dir) = self.path.parent()
            && store::create_dirs(dir).is_ok()
        {
            let _ = store::replace(&self.path, text.as_bytes());
        }
    }
}

/// This build of mmx: its version, and the size and time of its program
/// file, so a rebuilt mmx (whose rules may differ) counts afresh.
pub fn build_stamp() -> String {
    let exe = std::env::current_exe().and_then(std::fs::metadata);
    let (len, time) = exe.map_or((0, 0), |m| {
        let time = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        (m.len(), time)
    });
    format!("{}+{len}.{time}", env!("CARGO_PKG_VERSION"))
}
