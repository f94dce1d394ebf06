//! A tree in git read as the practice's `Tree`: the loader reads it as it
//! reads the folder, so a commit is judged by the same rules as the disk.

use crate::error::Result;
use crate::git::repo::Repo;
use crate::practice::SETTINGS_FILE;
use crate::practice::digest::sha256_hex;
use crate::practice::folder::is_order_path;
use crate::practice::read::MAX_RECORD_BYTES;
use crate::practice::read::Record;
use crate::practice::tree::Entry;
use crate::practice::tree::EntryKind;
use crate::practice::tree::Tree;
use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;

/// One entry of a tree read from git.
#[derive(Debug)]
pub struct Node {
    pub name: String,
    pub kind: EntryKind,
    /// The object id: a blob's, or a folder's tree (what a patient's cached
    /// findings are keyed by).
    pub oid: String,
    size: u64,
    children: Vec<usize>,
    bytes: Option<Vec<u8>>,
}

/// A practice as a tree in git, held in memory (see [`Repo::read_tree`]).
#[derive(Debug)]
pub struct GitTree {
    nodes: Vec<Node>,
    by_path: HashMap<String, usize>,
}

impl GitTree {
    pub(super) fn new(oid: String) -> GitTree {
        GitTree {
            nodes: vec![Node {
                name: String::new(),
                kind: EntryKind::Dir,
                oid,
                size: 0,
                children: Vec::new(),
                bytes: None,
            }],
            by_path: HashMap::from([(String::new(), 0)]),
        }
    }

    pub(super) fn children_of(&self, i: usize) -> impl Iterator<Item = &Node> {
        self.nodes[i].children.iter().map(|c| &self.nodes[*c])
    }

    /// The node at a path, if the tree holds it.
    pub fn node(&self, rel: &str) -> Option<&Node> {
        self.by_path.get(rel).map(|i| &self.nodes[*i])
    }

    /// Adds entries by path (parents before children, as git lists them).
    pub(super) fn add_all(
        &mut self,
        entries: impl IntoIterator<Item = (String, String, String, u64)>,
    ) {
        // Entries come folder by folder: the last parent found is most
        // often the next one's too (20,000 patients, one hash each).
        let mut last_parent: Option<(String, usize)> = None;
        for (path, mode, oid, size) in entries {
            let (parent_path, name) = path.rsplit_once('/').unwrap_or(("", &path));
            let parent = match &last_parent {
                Some((p, i)) if p == parent_path => *i,
                _ => {
                    let Some(&i) = self.by_path.get(parent_path) else {
                        continue;
                    };
                    last_parent = Some((parent_path.to_string(), i));
                    i
                }
            };
            let name = name.to_string();
            let i = self.nodes.len();
            match self.by_path.entry(path) {
                Slot::Occupied(seen) => {
                    // Listings overlap (a folder is listed, then read whole),
                    // so the same entry comes twice. A different one of the
                    // same name is a tree git itself would not make: a
                    // checkout writes only one of them, which mmx cannot know.
                    let seen = *seen.get();
                    if self.nodes[seen].oid != oid {
                        self.nodes[seen].kind = EntryKind::Broken(
                            "the git tree holds two entries of this name, and a checkout writes only one",
                        );
                    }
                    continue;
                }
                Slot::Vacant(slot) => {
                    slot.insert(i);
                }
            }
            let kind = match mode.as_str() {
                "040000" => EntryKind::Dir,
                "100644" | "100755" => EntryKind::File,
                "120000" => EntryKind::Symlink,
                "160000" => EntryKind::Other("a git submodule"),
                _ => EntryKind::Other("not a regular file"),
            };
            self.nodes.push(Node {
                name,
                kind,
                oid,
                size,
                children: Vec::new(),
                bytes: None,
            });
            self.nodes[parent].children.push(i);
        }
    }

    /// Reads the text of every file that may be a record (or mmx.toml, or a
    /// stray `.toml` a finding is located in) in one batch, and the kept
    /// orders (`patients/ID/orders/`), of which only the SHA-256 is kept.
    pub(super) fn fetch(&mut self, repo: &Repo) -> Result<()> {
        let orders: std::collections::HashSet<usize> = self
            .by_path
            .iter()
            .filter(|(path, _)| is_order_path(path))
            .map(|(_, i)| *i)
            .collect();
        let wanted: Vec<usize> = (0..self.nodes.len())
            .filter(|i| {
                let n = &self.nodes[*i];
                n.kind == EntryKind::File
                    && (orders.contains(i)
                        || (n.size <= MAX_RECORD_BYTES && n.name.to_lowercase().ends_with(".toml")))
            })
            .collect();
        let oids = wanted.iter().map(|i| self.nodes[*i].oid.clone()).collect();
        for (i, bytes) in wanted.into_iter().zip(repo.cat_blobs(oids)?) {
            self.nodes[i].bytes = match bytes {
                Some(b) if orders.contains(&i) => Some(sha256_hex(&b).into_bytes()),
                other => other,
            };
        }
        Ok(())
    }

    /// mmx.toml's text, if the tree holds it.
    pub fn settings(&self) -> Option<&[u8]> {
        self.node(SETTINGS_FILE).and_then(|n| n.bytes.as_deref())
    }
}

impl Tree for GitTree {
    type Node = usize;

    fn at(&self, rel: &str) -> Option<(EntryKind, usize)> {
        let i = *self.by_path.get(rel)?;
        Some((self.nodes[i].kind, i))
    }

    fn list(&self, dir: &usize) -> std::io::Result<Vec<Entry<usize>>> {
        Ok(self.nodes[*dir]
            .children
            .iter()
            .map(|&c| Entry {
                name: self.nodes[c].name.clone(),
                kind: Some(self.nodes[c].kind),
                node: c,
            })
            .collect())
    }

    fn read(&self, file: &usize) -> std::io::Result<Record> {
        let node = &self.nodes[*file];
        if node.size > MAX_RECORD_BYTES {
            return Ok(Record::TooLarge(node.size));
        }
        match &node.bytes {
            Some(bytes) => Ok(Record::Read {
                bytes: bytes.clone(),
                mode: None,
            }),
            None => Err(std::io::Error::other(
                "its contents are missing from the repository",
            )),
        }
    }

    fn mode(&self, _: &usize) -> Option<u32> {
        // Git keeps no permissions but the executable bit.
        None
    }

    fn order_digest(&self, file: &usize) -> std::io::Result<(String, Option<u32>)> {
        // `fetch` kept the digest of each order in place of its bytes.
        match &self.nodes[*file].bytes {
            Some(digest) => Ok((String::from_utf8_lossy(digest).into_owned(), None)),
            None => Err(std::io::Error::other(
                "its contents are missing from the repository",
            )),
        }
    }

    fn text(&self, rel: &str) -> Option<String> {
        let bytes = self.node(rel)?.bytes.as_deref()?;
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}
