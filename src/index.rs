//! The on-disk index: one generation folder per build, holding the text index, the fact
//! table and a manifest with the corpus fingerprint it was built from.
//!
//! A build is written in full to a fresh folder, then made current by atomically
//! replacing the `CURRENT` pointer file, so a crash mid-build leaves the previous
//! generation (or nothing) in use, never a half-written one. Opening checks the
//! fingerprint, the manifest's counts and the text index's checksums; any mismatch or
//! damage is reported so the caller rebuilds.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::facts::Fact;
use crate::search::{self, SearchError, TextIndex};

/// Bumped whenever passages, facts or the text schema change meaning, so an index built
/// by another version is rebuilt.
const FORMAT: &str = "lanzhou-qa index format 1";
const POINTER: &str = "CURRENT";

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
    pub manifest: Manifest,
}

/// Returns the fingerprint of a corpus and its lexicon source: FNV-1a over the index
/// format, a hash of the engine's sources (set by `build.rs`), each document's id and
/// text, and the lexicon.
pub fn fingerprint(corpus: &Corpus, lexicon_source: &str) -> String {
    let mut all = Vec::new();
    let mut feed = |bytes: &[u8]| {
        all.extend_from_slice(bytes);
        all.push(0xff);
    };
    feed(FORMAT.as_bytes());
    feed(env!("CARGO_PKG_VERSION").as_bytes());
    feed(env!("LANZHOU_QA_ENGINE_HASH").as_bytes());
    for doc in &corpus.documents {
        feed(doc.id.as_bytes());
        feed(doc.text.as_bytes());
    }
    feed(lexicon_source.as_bytes());
    fnv(&all)
}

/// Opens the current generation in `dir`, checking that it was built for `fingerprint`
/// and holds `passages` passages.
pub fn open(dir: &Path, fingerprint: &str, passages: usize) -> Result<Opened, IndexError> {
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
    let generation = dir.join(&name);
    let manifest_path = generation.join("manifest.json");
    let manifest: Manifest = read_json(&manifest_path)?;
    if manifest.format != FORMAT || manifest.fingerprint != fingerprint {
        return Err(IndexError::Stale {
            found: manifest.fingerprint,
            expected: fingerprint.to_string(),
        });
    }
    if manifest.passages != passages {
        return Err(IndexError::Format {
            path: manifest_path,
            message: format!("{} passages, corpus has {passages}", manifest.passages),
        });
    }
    let facts_path = generation.join("facts.json");
    let facts_bytes = std::fs::read(&facts_path).map_err(io(&facts_path))?;
    if fnv(&facts_bytes) != manifest.facts_hash {
        return Err(IndexError::Format {
            path: facts_path,
            message: "its contents do not match the manifest's hash".into(),
        });
    }
    let facts: Vec<Fact> =
        serde_json::from_slice(&facts_bytes).map_err(|e| IndexError::Format {
            path: facts_path.clone(),
            message: e.to_string(),
        })?;
    if facts.len() != manifest.facts {
        return Err(IndexError::Format {
            path: facts_path,
            message: format!("{} facts, manifest says {}", facts.len(), manifest.facts),
        });
    }
    let text = TextIndex::open(&generation.join("tantivy"), passages)?;
    Ok(Opened {
        text,
        facts,
        manifest,
    })
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, IndexError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    serde_json::from_slice(&bytes).map_err(|e| IndexError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Writes a new generation into `dir` and makes it current: the text of each passage
/// (by id), the fact table and the manifest. Older generations are removed afterwards.
pub fn build<'a>(
    dir: &Path,
    manifest: &Manifest,
    passages: impl IntoIterator<Item = (usize, &'a str)>,
    facts: &[Fact],
) -> Result<(), IndexError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = format!("gen-{stamp}-{}", std::process::id());
    let staging = dir.join(format!(".build-{name}"));
    let result = write_generation(&staging, manifest, passages, facts);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let generation = dir.join(&name);
    std::fs::rename(&staging, &generation).map_err(io(&generation))?;
    // Replace the pointer atomically: write a temporary file, sync it, rename it.
    let temp = dir.join(format!(".{POINTER}-{name}"));
    let pointer = dir.join(POINTER);
    {
        let mut file = std::fs::File::create(&temp).map_err(io(&temp))?;
        file.write_all(name.as_bytes()).map_err(io(&temp))?;
        file.sync_all().map_err(io(&temp))?;
    }
    std::fs::rename(&temp, &pointer).map_err(io(&pointer))?;
    remove_old_generations(dir, &name);
    Ok(())
}

fn write_generation<'a>(
    staging: &Path,
    manifest: &Manifest,
    passages: impl IntoIterator<Item = (usize, &'a str)>,
    facts: &[Fact],
) -> Result<(), IndexError> {
    let tantivy_dir = staging.join("tantivy");
    std::fs::create_dir_all(&tantivy_dir).map_err(io(&tantivy_dir))?;
    search::build(&tantivy_dir, passages)?;
    let facts_json = serde_json::to_vec_pretty(facts).map_err(|e| IndexError::Format {
        path: staging.join("facts.json"),
        message: e.to_string(),
    })?;
    write_bytes(&staging.join("facts.json"), &facts_json)?;
    let manifest = Manifest {
        facts_hash: fnv(&facts_json),
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

/// FNV-1a, 64 bits, as hex.
fn fnv(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Removes generations other than `keep`, and leftovers of builds interrupted over an
/// hour ago (a younger one may be another process's build in progress). Failures only
/// leave disk space in use, so they are logged, not returned.
fn remove_old_generations(dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let hour = std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old_generation = name.starts_with("gen-") && name != keep;
        let stale_leftover = (name.starts_with(".build-gen-")
            || name.starts_with(&format!(".{POINTER}-")))
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > hour));
        if !(old_generation || stale_leftover) {
            continue;
        }
        let path = entry.path();
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
