//! Hashes the sources that decide what the index holds (corpus loading, passages, the
//! fact extractor, the lexicon, the text analysis), so an index built by other code is
//! seen as stale and rebuilt. The hash reaches the crate as `LANZHOU_QA_ENGINE_HASH`.

use std::path::Path;

const SOURCES: &[&str] = &[
    "src/corpus.rs",
    "src/passage.rs",
    "src/extract",
    "src/lexicon.rs",
    "src/search.rs",
    "src/text.rs",
    "src/lang",
    "src/facts",
    "src/index.rs",
];

fn main() {
    let mut files = Vec::new();
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
        collect(Path::new(source), &mut files);
    }
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_default();
        for b in file.to_string_lossy().bytes().chain(bytes).chain([0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=LANZHOU_QA_ENGINE_HASH={hash:016x}");
}

fn collect(path: &Path, files: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                collect(&entry.path(), files);
            }
        }
    } else if path.extension().is_some_and(|e| e == "rs" || e == "toml") {
        files.push(path.to_path_buf());
    }
}
