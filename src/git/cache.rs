//! The findings cache: counts of errors per patient folder, keyed by mmx's
//! build, mmx.toml's blob, the day and the folder's tree id, so a folder git
//! has not changed is not read again to be counted.
//!
//! Its own small binary format, read whole however large it is (it is not a
//! record, so the record size limit has nothing to say about it): a header
//! naming what it is valid for, ended by a NUL, then one 12-byte entry per
//! patient folder: a 64-bit digest of the patient's id and folder tree id,
//! and the folder's error count, both little-endian. 20,000 patients make
//! 240 KB. Only the entries the last counting used are written back, so the
//! file holds one entry per patient of the tree last checked, however many
//! commits it has seen.

use crate::git::repo::Repo;
use crate::practice::store;
use std::collections::HashMap;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// The bytes of one entry: the digest, then the count.
const ENTRY: usize = 12;

/// More entries than any practice has patients: a file claiming more is
/// not one mmx wrote, and is not read (its memory is not spent).
const MAX_ENTRIES: u64 = 1 << 24;

/// How many errors each patient folder had, by the folder's tree id in git,
/// for one build of mmx, one mmx.toml and one day: a folder git has not
/// changed is not read again to be counted. Kept in the repository's own
/// folder (`mmx/findings-cache`), holding digests and counts, never a
/// record. Anything unexpected in it is ignored: it is only ever a shortcut.
pub struct FindingsCache {
    path: PathBuf,
    key: String,
    counts: HashMap<u64, u32>,
    /// The entries looked up or added since it was opened: what is written
    /// back, so entries of folders the practice no longer has are dropped.
    used: HashSet<u64>,
    changed: bool,
}

impl FindingsCache {
    pub fn open(repo: &Repo, settings_oid: &str, today: chrono::NaiveDate) -> FindingsCache {
        let path = repo.common_dir.join("mmx").join("findings-cache");
        let key = format!(
            "mmx-findings-cache 3 {} {} {today} {}",
            build_stamp(),
            settings_oid,
            repo.prefix
        );
        FindingsCache::load(path, key)
    }

    /// The cache at `path` if it was written for `key`, else an empty one.
    fn load(path: PathBuf, key: String) -> FindingsCache {
        let counts = read(&path, &key).unwrap_or_default();
        FindingsCache {
            path,
            key,
            counts,
            used: HashSet::new(),
            changed: false,
        }
    }

    /// A patient's count, by id and folder: the same folder under another
    /// name (a copy) has other findings (`id-mismatch`).
    pub fn errors(&mut self, id: &str, tree_oid: &str) -> Option<usize> {
        let digest = digest(id, tree_oid);
        let n = *self.counts.get(&digest)?;
        self.used.insert(digest);
        Some(n as usize)
    }

    pub fn insert(&mut self, id: &str, tree_oid: &str, errors: usize) {
        let digest = digest(id, tree_oid);
        self.counts
            .insert(digest, u32::try_from(errors).unwrap_or(u32::MAX));
        self.used.insert(digest);
        self.changed = true;
    }

    /// Written whole and atomically, with the entries used since it was
    /// opened; a cache that cannot be written is only a slower next check.
    pub fn save(&self) {
        if !self.changed {
            return;
        }
        let mut entries: Vec<(u64, u32)> = self
            .used
            .iter()
            .filter_map(|d| self.counts.get(d).map(|n| (*d, *n)))
            .collect();
        entries.sort_unstable();
        let mut bytes = Vec::with_capacity(self.key.len() + 1 + ENTRY * entries.len());
        bytes.extend_from_slice(self.key.as_bytes());
        bytes.push(0);
        for (digest, n) in entries {
            bytes.extend_from_slice(&digest.to_le_bytes());
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        if let Some(dir) = self.path.parent()
            && store::create_dirs(dir).is_ok()
        {
            let _ = store::replace(&self.path, &bytes);
        }
    }
}

/// An entry's digest. Stable for one build of mmx, which is all a cache is
/// valid for (the build is in its key); a collision could only miscount
/// the other patients' errors, which are reported and never refuse a change.
fn digest(id: &str, tree_oid: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (id, tree_oid).hash(&mut h);
    h.finish()
}

/// The cache's entries, if the file is one written for `key`. Opened as a
/// record is (never a link followed or a pipe waited on), but read whole.
fn read(path: &Path, key: &str) -> Option<HashMap<u64, u32>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let mut file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    let head = key.len() as u64 + 1;
    let body = meta.len().checked_sub(head)?;
    if !meta.is_file() || body % ENTRY as u64 != 0 || body / ENTRY as u64 > MAX_ENTRIES {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).ok()?;
    let (header, entries) = bytes.split_at_checked(head as usize)?;
    if header[..key.len()] != *key.as_bytes() || header[key.len()] != 0 {
        return None;
    }
    if entries.len() % ENTRY != 0 {
        return None;
    }
    Some(
        entries
            .chunks_exact(ENTRY)
            .map(|e| {
                let (d, n) = e.split_at(8);
                (
                    u64::from_le_bytes(d.try_into().expect("8 bytes")),
                    u32::from_le_bytes(n.try_into().expect("4 bytes")),
                )
            })
            .collect(),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(i: usize) -> String {
        format!("{i:040x}")
    }

    #[test]
    fn a_cache_of_any_size_is_read_back_and_holds_only_what_was_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mmx").join("findings-cache");
        let key = "mmx-findings-cache 3 test".to_string();
        // More patients than a record may hold bytes, at the old format's
        // 60-odd bytes each: past 1 MiB.
        let n = 100_000;
        let mut cache = FindingsCache::load(path.clone(), key.clone());
        for i in 0..n {
            cache.insert(&format!("patient-{i}"), &oid(i), i % 3);
        }
        cache.save();
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(size > 1 << 20, "{size}");
        assert_eq!(size, (key.len() + 1 + ENTRY * n) as u64);

        let mut cache = FindingsCache::load(path.clone(), key.clone());
        for i in 0..n {
            assert_eq!(cache.errors(&format!("patient-{i}"), &oid(i)), Some(i % 3));
        }
        // The same folder under another name is another entry.
        assert_eq!(cache.errors("patient-1", &oid(2)), None);
        // Another build, settings or day: nothing is read.
        let mut other = FindingsCache::load(path.clone(), format!("{key}x"));
        assert_eq!(other.errors("patient-0", &oid(0)), None);

        // Saved after using ten of them (and adding one): only those eleven
        // are kept, so the file does not grow with every commit.
        let mut used = FindingsCache::load(path.clone(), key.clone());
        for i in 0..10 {
            assert!(used.errors(&format!("patient-{i}"), &oid(i)).is_some());
        }
        used.insert("patient-new", &oid(n), 4);
        used.save();
        assert_eq!(
            std::fs::metadata(&path).unwrap().len(),
            (key.len() + 1 + ENTRY * 11) as u64
        );
        let mut again = FindingsCache::load(path.clone(), key.clone());
        assert_eq!(again.errors("patient-new", &oid(n)), Some(4));
        assert_eq!(again.errors("patient-9", &oid(9)), Some(0));
        assert_eq!(again.errors("patient-10", &oid(10)), None);
    }

    #[test]
    fn a_damaged_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("findings-cache");
        let key = "mmx-findings-cache 3 test".to_string();
        let mut cache = FindingsCache::load(path.clone(), key.clone());
        cache.insert("ana-lima-1980", &oid(1), 2);
        cache.save();
        let good = std::fs::read(&path).unwrap();
        // Cut short: not a whole number of entries.
        std::fs::write(&path, &good[..good.len() - 1]).unwrap();
        assert_eq!(
            FindingsCache::load(path.clone(), key.clone()).errors("ana-lima-1980", &oid(1)),
            None
        );
        // The header without its end.
        std::fs::write(&path, key.as_bytes()).unwrap();
        assert_eq!(
            FindingsCache::load(path.clone(), key.clone()).errors("ana-lima-1980", &oid(1)),
            None
        );
        #[cfg(unix)]
        {
            // A link is never followed.
            let real = dir.path().join("real");
            std::fs::write(&real, &good).unwrap();
            std::fs::remove_file(&path).unwrap();
            std::os::unix::fs::symlink(&real, &path).unwrap();
            assert_eq!(
                FindingsCache::load(path.clone(), key.clone()).errors("ana-lima-1980", &oid(1)),
                None
            );
            std::fs::remove_file(&path).unwrap();
            std::fs::write(&path, &good).unwrap();
            assert_eq!(
                FindingsCache::load(path, key).errors("ana-lima-1980", &oid(1)),
                Some(2)
            );
        }
    }
}
