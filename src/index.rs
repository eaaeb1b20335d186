//! The on-disk index: one generation folder per build, holding the text index, the fact
//! table and a manifest with the corpus fingerprint it was built from.
//!
//! A build is written in full to a fresh folder, then made current by atomically
//! replacing the `CURRENT` pointer file (and syncing the folder), so a crash mid-build
//! leaves the previous generation (or nothing) in use, never a half-written one. Opening
//! checks the fingerprint, the manifest's counts and the text index's checksums; any
//! mismatch or damage is reported so the caller rebuilds.
//!
//! Processes share the folder through file locks: a builder holds `.lock` exclusively
//! ([`Writer`]) from its decision to build until the new generation is current and old
//! ones are removed; an opener holds it shared while it reads `CURRENT` and leases the
//! generation (a shared lock on its `.lease`, held while the engine lives). A generation
//! is removed only when no process leases it. Opening writes nothing, so an index in a
//! read-only folder (or another user's) serves. Each generation keeps a copy of the corpus
//! it was built from, so it can still be served when the corpus folder has lost it.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::facts::Fact;
use crate::search::{self, SearchError, TextIndex};

/// Bumped whenever passages, facts or the text schema change meaning, so an index built
/// by another version is rebuilt.
const FORMAT: &str = "lanzhou-qa index format 3";
const POINTER: &str = "CURRENT";
/// The lock file of the index folder: exclusive for builders, shared for openers.
const LOCK: &str = ".lock";
/// The lease file of a generation: shared by every process serving it.
const LEASE: &str = ".lease";
/// The folder of a generation that holds the corpus it was built from.
const CORPUS_COPY: &str = "corpus";
/// The file of a generation that holds the corpus's words and their counts.
const WORDS: &str = "words.tsv";

/// Errors building or opening the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// A file or folder of the index cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The text index failed to build or open.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// The manifest or fact table is not what this version writes.
    #[error("{path} is unreadable: {message}")]
    Format { path: PathBuf, message: String },
    /// The index was built from a different corpus (or by another version).
    #[error(
        "the corpus, lexicon or engine changed since the index was built (fingerprint {found}, now {expected})"
    )]
    Stale { found: String, expected: String },
    /// No build has been made current yet.
    #[error("no index has been built in {0}")]
    Missing(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What a generation holds, written last in a build.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    pub fingerprint: String,
    /// FNV-1a of `facts.json`, so an edited fact table is rebuilt rather than served.
    #[serde(default)]
    pub facts_hash: String,
    /// The digest of `words.tsv`, likewise.
    #[serde(default)]
    pub words_hash: String,
    pub documents: usize,
    pub passages: usize,
    pub facts: usize,
}

impl Manifest {
    /// The manifest of a build by this version.
    pub fn new(fingerprint: String, documents: usize, passages: usize, facts: usize) -> Manifest {
        Manifest {
            format: FORMAT.to_string(),
            fingerprint,
            facts_hash: String::new(),
            words_hash: String::new(),
            documents,
            passages,
            facts,
        }
    }
}

/// An opened generation.
pub struct Opened {
    pub text: TextIndex,
    pub facts: Vec<Fact>,
    /// The corpus's words and their counts, sorted by word (see [`count_words`]).
    ///
    /// [`count_words`]: crate::understand::count_words
    pub words: Vec<(String, usize)>,
    pub manifest: Manifest,
    /// Keeps the generation from being removed while it is served; hold it as long as
    /// the text index.
    pub lease: Lease,
}

/// A shared lock on a generation's lease file: no builder removes a generation that any
/// process leases. Released when dropped.
pub struct Lease {
    _file: Option<File>,
}

impl Lease {
    /// Leases the generation folder `generation`. A generation without a lease file (or
    /// one that cannot be locked) is served unleased.
    fn take(generation: &Path) -> Lease {
        let file = File::open(generation.join(LEASE))
            .ok()
            .filter(|file| fs4::fs_std::FileExt::lock_shared(file).is_ok());
        Lease { _file: file }
    }
}

/// Takes the folder's lock shared, for reading `CURRENT` and leasing its generation while
/// no builder changes them. `None` when the folder has no lock file yet or it cannot be
/// opened (a read-only folder: no builder can change it either).
fn lock_shared(dir: &Path) -> Option<File> {
    let path = dir.join(LOCK);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .or_else(|_| File::open(&path))
        .ok()?;
    fs4::fs_std::FileExt::lock_shared(&file).ok()?;
    Some(file)
}

/// Returns the fingerprint of a corpus and its lexicon source: a [`Digest`] of the index
/// format, a hash of the engine's sources (set by `build.rs`), each document's id and
/// text, and the lexicon.
pub fn fingerprint(corpus: &Corpus, lexicon_source: &str) -> String {
    let mut digest = Digest::default();
    let mut feed = |bytes: &[u8]| {
        digest.write(bytes);
        digest.write(&[0xff]);
    };
    feed(FORMAT.as_bytes());
    feed(env!("CARGO_PKG_VERSION").as_bytes());
    feed(env!("LANZHOU_QA_ENGINE_HASH").as_bytes());
    for doc in &corpus.documents {
        feed(doc.id.as_bytes());
        feed(doc.text.as_bytes());
    }
    feed(lexicon_source.as_bytes());
    digest.hex()
}

/// Opens the current generation in `dir`, checking that it was built for `fingerprint`
/// and holds `passages` passages, and leases it. Writes nothing.
pub fn open(dir: &Path, fingerprint: &str, passages: usize) -> Result<Opened, IndexError> {
    read_current(dir)?.check(fingerprint, passages)
}

/// Reads and leases the current generation in `dir` before its corpus is known: a
/// process reads it while it reads the corpus, then [checks](Unchecked::check) that the
/// two match. Writes nothing.
pub fn read_current(dir: &Path) -> Result<Unchecked, IndexError> {
    let _shared = lock_shared(dir);
    read_generation(dir)
}

/// Returns the name of the generation `CURRENT` points at.
fn current_name(dir: &Path) -> Result<String, IndexError> {
    let pointer = dir.join(POINTER);
    let name = match std::fs::read_to_string(&pointer) {
        Ok(name) => name.trim().to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(IndexError::Missing(dir.to_path_buf()));
        }
        Err(e) => return Err(io(&pointer)(e)),
    };
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(IndexError::Format {
            path: pointer,
            message: format!("names no generation ({name:?})"),
        });
    }
    Ok(name)
}

/// Returns the manifest of the current generation, whatever corpus it was built from.
pub fn current_manifest(dir: &Path) -> Option<Manifest> {
    let _shared = lock_shared(dir);
    let name = current_name(dir).ok()?;
    read_json(&dir.join(name).join("manifest.json")).ok()
}

/// Returns the folder holding the copy of the corpus the current generation was built
/// from, when it has one.
pub fn current_corpus(dir: &Path) -> Option<PathBuf> {
    let _shared = lock_shared(dir);
    let copy = dir.join(current_name(dir).ok()?).join(CORPUS_COPY);
    copy.is_dir().then_some(copy)
}

/// The current generation, read and leased but not yet checked against the corpus.
pub struct Unchecked {
    generation: PathBuf,
    manifest: Manifest,
    facts: Vec<Fact>,
    words: Vec<(String, usize)>,
    lease: Lease,
}

impl Unchecked {
    /// Opens the generation's text index when the generation was built for `fingerprint`
    /// and holds `passages` passages.
    pub fn check(self, fingerprint: &str, passages: usize) -> Result<Opened, IndexError> {
        let manifest = self.manifest;
        if manifest.fingerprint != fingerprint {
            return Err(IndexError::Stale {
                found: manifest.fingerprint,
                expected: fingerprint.to_string(),
            });
        }
        if manifest.passages != passages {
            return Err(IndexError::Format {
                path: self.generation.join("manifest.json"),
                message: format!("{} passages, corpus has {passages}", manifest.passages),
            });
        }
        let text = TextIndex::open(&self.generation.join("tantivy"), passages)?;
        Ok(Opened {
            text,
            facts: self.facts,
            words: self.words,
            manifest,
            lease: self.lease,
        })
    }
}

/// Reads and leases the current generation; the caller holds the folder's lock.
fn read_generation(dir: &Path) -> Result<Unchecked, IndexError> {
    let name = current_name(dir)?;
    let generation = dir.join(&name);
    let manifest_path = generation.join("manifest.json");
    let manifest: Manifest = read_json(&manifest_path)?;
    if manifest.format != FORMAT {
        return Err(IndexError::Format {
            path: manifest_path,
            message: format!(
                "written as {:?}; this program reads {FORMAT:?}",
                manifest.format
            ),
        });
    }
    let facts_path = generation.join("facts.json");
    let facts_bytes = std::fs::read(&facts_path).map_err(io(&facts_path))?;
    if digest(&facts_bytes) != manifest.facts_hash {
        return Err(IndexError::Format {
            path: facts_path,
            message: "its contents do not match the manifest's hash".into(),
        });
    }
    let mut facts: Vec<Fact> =
        serde_json::from_slice(&facts_bytes).map_err(|e| IndexError::Format {
            path: facts_path.clone(),
            message: e.to_string(),
        })?;
    drop(facts_bytes);
    facts.shrink_to_fit();
    if facts.len() != manifest.facts {
        return Err(IndexError::Format {
            path: facts_path,
            message: format!("{} facts, manifest says {}", facts.len(), manifest.facts),
        });
    }
    let words = read_words(&generation.join(WORDS), &manifest.words_hash)?;
    let lease = Lease::take(&generation);
    Ok(Unchecked {
        generation,
        manifest,
        facts,
        words,
        lease,
    })
}

/// Reads `words.tsv`: a word and its count on each line, separated by a tab.
fn read_words(path: &Path, hash: &str) -> Result<Vec<(String, usize)>, IndexError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    let malformed = |message: String| IndexError::Format {
        path: path.to_path_buf(),
        message,
    };
    if digest(&bytes) != hash {
        return Err(malformed(
            "its contents do not match the manifest's hash".into(),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| malformed(e.to_string()))?;
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            line.split_once('\t')
                .and_then(|(word, count)| Some((word.to_string(), count.parse().ok()?)))
                .ok_or_else(|| malformed(format!("line {} is not a word and a count", i + 1)))
        })
        .collect()
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, IndexError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    serde_json::from_slice(&bytes).map_err(|e| IndexError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// The index folder locked for building: no other process builds, makes a generation
/// current or removes one until it is dropped. Openers wait for it.
pub struct Writer {
    dir: PathBuf,
    _lock: File,
}

impl Writer {
    /// Creates the index folder if needed and takes its lock exclusively, waiting for
    /// any other builder and for openers to finish. Fails when the folder cannot be
    /// written.
    pub fn lock(dir: &Path) -> Result<Writer, IndexError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let path = dir.join(LOCK);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io(&path))?;
        fs4::fs_std::FileExt::lock_exclusive(&file).map_err(io(&path))?;
        Ok(Writer {
            dir: dir.to_path_buf(),
            _lock: file,
        })
    }

    /// Opens the current generation, as [`open`] does, while holding the lock: a
    /// builder that waited for another may find the index it needs already built.
    pub fn open(&self, fingerprint: &str, passages: usize) -> Result<Opened, IndexError> {
        read_generation(&self.dir)?.check(fingerprint, passages)
    }

    /// The manifest of the current generation, whatever corpus it was built from.
    pub fn current_manifest(&self) -> Option<Manifest> {
        let name = current_name(&self.dir).ok()?;
        read_json(&self.dir.join(name).join("manifest.json")).ok()
    }

    /// Writes a new generation and makes it current: the text of each passage (by id),
    /// the fact table, a copy of the corpus (`documents` as file name and text, and the
    /// lexicon source) and the manifest. Then removes the leftovers of interrupted builds
    /// and every older generation no process leases.
    pub fn build<'a>(
        &self,
        manifest: &Manifest,
        passages: impl IntoIterator<Item = (usize, &'a str)>,
        facts: &[Fact],
        words: &[(String, usize)],
        documents: &[(String, &str)],
        lexicon: Option<&str>,
    ) -> Result<(), IndexError> {
        let dir = &self.dir;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let name = format!("gen-{stamp}-{}", std::process::id());
        let staging = dir.join(format!(".build-{name}"));
        // The corpus copy (many small files, each synced) is written while the text index
        // and the fact table are.
        let copy = staging.join(CORPUS_COPY);
        let result = std::thread::scope(|scope| {
            let copying = scope.spawn(|| write_corpus_copy(&copy, documents, lexicon));
            let generation = write_generation(&staging, manifest, passages, facts, words);
            let copied = copying
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            generation.and(copied)
        })
        .and_then(|()| write_bytes(&staging.join(LEASE), b""))
        .and_then(|()| share_like_facts(&staging));
        if let Err(e) = result {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        let generation = dir.join(&name);
        std::fs::rename(&staging, &generation).map_err(io(&generation))?;
        // Replace the pointer atomically: write a temporary file, sync it, rename it, and
        // sync the folder so the rename itself survives a crash.
        let temp = dir.join(format!(".{POINTER}-{name}"));
        let pointer = dir.join(POINTER);
        {
            let mut file = File::create(&temp).map_err(io(&temp))?;
            file.write_all(name.as_bytes()).map_err(io(&temp))?;
            file.sync_all().map_err(io(&temp))?;
        }
        std::fs::rename(&temp, &pointer).map_err(io(&pointer))?;
        File::open(dir)
            .and_then(|folder| folder.sync_all())
            .map_err(io(dir))?;
        remove_old_generations(dir, &name);
        Ok(())
    }
}

/// Writes the corpus a generation is built from into `folder`: each document as
/// `{file name}` and the lexicon as `lexicon.toml`.
fn write_corpus_copy(
    folder: &Path,
    documents: &[(String, &str)],
    lexicon: Option<&str>,
) -> Result<(), IndexError> {
    std::fs::create_dir_all(folder).map_err(io(folder))?;
    for (name, text) in documents {
        write_bytes(&folder.join(name), text.as_bytes())?;
    }
    if let Some(lexicon) = lexicon {
        write_bytes(&folder.join(crate::lexicon::FILE_NAME), lexicon.as_bytes())?;
    }
    Ok(())
}

/// Gives every file of a staged generation the permissions `facts.json` was created
/// with (those the process's umask allows), since tantivy writes some files readable by
/// their owner only, and an index built by one user must be servable by another.
fn share_like_facts(staging: &Path) -> Result<(), IndexError> {
    #[cfg(unix)]
    {
        let facts = staging.join("facts.json");
        let mode = std::fs::metadata(&facts).map_err(io(&facts))?.permissions();
        let mut pending = vec![staging.to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder).map_err(io(&folder))? {
                let path = entry.map_err(io(&folder))?.path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    std::fs::set_permissions(&path, mode.clone()).map_err(io(&path))?;
                }
            }
        }
    }
    Ok(())
}

fn write_generation<'a>(
    staging: &Path,
    manifest: &Manifest,
    passages: impl IntoIterator<Item = (usize, &'a str)>,
    facts: &[Fact],
    words: &[(String, usize)],
) -> Result<(), IndexError> {
    let tantivy_dir = staging.join("tantivy");
    std::fs::create_dir_all(&tantivy_dir).map_err(io(&tantivy_dir))?;
    search::build(&tantivy_dir, passages)?;
    let facts_json = serde_json::to_vec(facts).map_err(|e| IndexError::Format {
        path: staging.join("facts.json"),
        message: e.to_string(),
    })?;
    write_bytes(&staging.join("facts.json"), &facts_json)?;
    let mut words_tsv = String::new();
    for (word, count) in words {
        words_tsv.push_str(word);
        words_tsv.push('\t');
        words_tsv.push_str(&count.to_string());
        words_tsv.push('\n');
    }
    write_bytes(&staging.join(WORDS), words_tsv.as_bytes())?;
    let manifest = Manifest {
        facts_hash: digest(&facts_json),
        words_hash: digest(words_tsv.as_bytes()),
        ..manifest.clone()
    };
    // The manifest goes last: a generation without one is never opened.
    write_json(&staging.join("manifest.json"), &manifest)
}

fn write_json<T: Serialize + ?Sized>(path: &Path, value: &T) -> Result<(), IndexError> {
    let bytes = serde_json::to_vec_pretty(value).map_err(|e| IndexError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_bytes(path, &bytes)
}

fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let mut file = std::fs::File::create(path).map_err(io(path))?;
    file.write_all(bytes).map_err(io(path))?;
    file.sync_all().map_err(io(path))
}

/// The [`Digest`] of `bytes`, as hex.
fn digest(bytes: &[u8]) -> String {
    let mut digest = Digest::default();
    digest.write(bytes);
    digest.hex()
}

/// A 64-bit digest in the manner of FNV-1a, taken eight bytes at a time (a corpus and
/// its fact table are hashed on every start). Each step is a bijection of the state for
/// a given word and of the word for a given state, so changing any one word of the input
/// always changes the digest.
struct Digest {
    hash: u64,
    pending: [u8; 8],
    filled: usize,
    length: u64,
}

impl Default for Digest {
    fn default() -> Digest {
        Digest {
            hash: 0xcbf2_9ce4_8422_2325,
            pending: [0; 8],
            filled: 0,
            length: 0,
        }
    }
}

impl Digest {
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn word(&mut self, word: u64) {
        self.hash = (self.hash ^ word).wrapping_mul(Self::PRIME).rotate_left(23);
    }

    fn write(&mut self, mut bytes: &[u8]) {
        self.length += bytes.len() as u64;
        if self.filled > 0 {
            let take = bytes.len().min(8 - self.filled);
            self.pending[self.filled..self.filled + take].copy_from_slice(&bytes[..take]);
            self.filled += take;
            bytes = &bytes[take..];
            if self.filled < 8 {
                return;
            }
            self.word(u64::from_le_bytes(self.pending));
            self.filled = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.filled = rest.len();
    }

    fn hex(mut self) -> String {
        if self.filled > 0 {
            self.pending[self.filled..].fill(0);
            self.word(u64::from_le_bytes(self.pending));
        }
        self.word(self.length);
        format!("{:016x}", self.hash)
    }
}

/// Removes, while the caller holds the folder's lock exclusively: leftovers of
/// interrupted builds (no build can be in progress), and generations other than `keep`
/// that no process leases. Failures only leave disk space in use, so they are logged,
/// not returned.
fn remove_old_generations(dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let leftover = name.starts_with(".build-gen-") || name.starts_with(&format!(".{POINTER}-"));
        let unleased_generation = name.starts_with("gen-") && name != keep && !is_leased(&path);
        if !(leftover || unleased_generation) {
            continue;
        }
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        if let Err(e) = removed {
            tracing::debug!(path = %path.display(), error = %e, "cannot remove old index files");
        }
    }
}

/// Returns true if and only if some process holds a lease on the generation `folder`.
fn is_leased(folder: &Path) -> bool {
    let Ok(file) = File::open(folder.join(LEASE)) else {
        return false;
    };
    !matches!(fs4::fs_std::FileExt::try_lock_exclusive(&file), Ok(true))
}

#[cfg(test)]
mod tests {
    use super::{Digest, digest};

    #[test]
    fn a_digest_changes_with_any_byte_and_with_the_length() {
        let text = b"Lanzhou's tertiary industry grew 17,500 times since 1949.".to_vec();
        let whole = digest(&text);
        for i in 0..text.len() {
            let mut changed = text.clone();
            changed[i] ^= 0x01;
            assert_ne!(digest(&changed), whole, "byte {i} changed");
        }
        assert_ne!(digest(&text[..text.len() - 1]), whole);
        let mut padded = text.clone();
        padded.push(0);
        assert_ne!(digest(&padded), whole, "a trailing zero byte");
    }

    #[test]
    fn a_digest_fed_in_pieces_is_the_digest_of_the_whole() {
        let text: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        for cut in [0, 1, 3, 7, 8, 9, 15, 500, 999, 1000] {
            let mut pieces = Digest::default();
            pieces.write(&text[..cut]);
            pieces.write(&text[cut..]);
            assert_eq!(pieces.hex(), digest(&text), "cut at {cut}");
        }
    }
}
