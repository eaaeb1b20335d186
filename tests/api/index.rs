//! The index lifecycle through `Engine::open` and `Engine::rebuild`: an index is built
//! once and reused; a changed corpus or lexicon, a damaged or missing generation, a bad
//! `CURRENT` pointer and the leftovers of an interrupted build all lead to a rebuild (or
//! are ignored), never to an error or a wrong answer; unusable corpus files are skipped.

use std::path::{Path, PathBuf};

use lanzhou_qa::{Engine, EngineConfig, Question, Reply};

use crate::helpers;

/// A question the repository corpus answers, with the figure the answer must hold.
const TERTIARY: &str = "tertiary growth since 1949";

/// A copy of the repository corpus and an index folder, both temporary.
struct Folder {
    _dir: tempfile::TempDir,
    config: EngineConfig,
}

impl Folder {
    /// Copies the repository corpus into a fresh temporary folder; the index is not built.
    fn new() -> Folder {
        let dir = tempfile::tempdir().expect("temporary folder");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).expect("corpus folder");
        for entry in std::fs::read_dir(helpers::corpus_dir()).expect("the repository corpus") {
            let path = entry.expect("a corpus entry").path();
            let name = path.file_name().expect("a file name");
            std::fs::copy(&path, corpus.join(name)).expect("copy a corpus file");
        }
        let config = EngineConfig {
            corpus_dir: corpus,
            index_dir: dir.path().join("index"),
        };
        Folder { _dir: dir, config }
    }

    /// A copy of the corpus whose index has been built once (and closed again).
    fn built() -> Folder {
        let folder = Folder::new();
        let engine = folder.open();
        assert!(engine.stats().rebuilt, "a first open builds the index");
        folder
    }

    fn open(&self) -> Engine {
        Engine::open(&self.config).unwrap_or_else(|e| panic!("the engine opens: {e}"))
    }

    fn corpus_file(&self, name: &str) -> PathBuf {
        self.config.corpus_dir.join(name)
    }

    fn index(&self) -> &Path {
        &self.config.index_dir
    }

    /// The folder of the generation `CURRENT` points at.
    fn generation(&self) -> PathBuf {
        let name = std::fs::read_to_string(self.index().join("CURRENT"))
            .expect("the index has a CURRENT pointer");
        self.index().join(name.trim())
    }

    /// The names of the generation folders in the index folder.
    fn generations(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.index())
            .expect("the index folder")
            .map(|e| e.expect("an index entry").file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| n.starts_with("gen-"))
            .collect();
        names.sort();
        names
    }
}

fn ask(engine: &Engine, question: &str) -> Reply {
    let question = Question::parse(question).expect("a valid question");
    engine.ask(&question, None)
}

/// Asserts the engine answers the tertiary question with its figure and a citation that
/// quotes it, and finds the sentence by search.
fn assert_answers_tertiary_growth(engine: &Engine, context: &str) {
    let reply = ask(engine, TERTIARY);
    assert!(reply.answered, "{context}: {}", reply.answer);
    assert!(
        reply.answer.contains("17,500"),
        "{context}: {}",
        reply.answer
    );
    assert!(
        reply
            .citations
            .iter()
            .any(|c| c.snippet.contains("17,500 times")),
        "{context}: {:?}",
        reply.citations
    );
    let hits = engine.search("17,500 times", 3);
    assert!(
        hits.iter().any(|h| h.snippet.contains("17,500 times")),
        "{context}: {hits:?}"
    );
}

/// Opens a damaged index and asserts it was rebuilt into a working one.
fn assert_repaired(folder: &Folder, context: &str) {
    let engine = Engine::open(&folder.config)
        .unwrap_or_else(|e| panic!("{context}: the engine opens despite the damage: {e}"));
    assert!(engine.stats().rebuilt, "{context}: the index was rebuilt");
    assert_answers_tertiary_growth(&engine, context);
    drop(engine);
    assert!(
        !folder.open().stats().rebuilt,
        "{context}: the repaired index is reused"
    );
}

#[test]
fn the_first_open_builds_the_index_and_the_second_reuses_it() {
    let folder = Folder::new();
    let first = folder.open();
    let built = first.stats();
    assert!(built.rebuilt);
    assert!(built.documents >= 1 && built.passages > 0 && built.facts > 0);
    assert_answers_tertiary_growth(&first, "first open");
    let generation = folder.generation();
    drop(first);

    let second = folder.open();
    assert!(
        !second.stats().rebuilt,
        "an unchanged corpus reuses its index"
    );
    assert_eq!(
        second.stats(),
        lanzhou_qa::engine::Stats {
            rebuilt: false,
            ..built
        }
    );
    assert_eq!(folder.generation(), generation);
    assert_answers_tertiary_growth(&second, "second open");
}

#[test]
fn rebuild_always_builds_a_new_generation_and_removes_the_old_one() {
    let folder = Folder::built();
    let old = folder.generation();
    let engine = Engine::rebuild(&folder.config).expect("the index rebuilds");
    assert!(engine.stats().rebuilt);
    assert_answers_tertiary_growth(&engine, "after rebuild");
    drop(engine);
    let new = folder.generation();
    assert_ne!(new, old);
    assert!(!old.exists(), "the old generation is removed");
    assert_eq!(folder.generations().len(), 1, "{:?}", folder.generations());
    assert!(!folder.open().stats().rebuilt);
}

#[test]
fn an_appended_sentence_triggers_a_rebuild_and_becomes_answerable() {
    let folder = Folder::built();
    let question = "What was Lanzhou's tourism revenue in 2018?";
    let before = folder.open();
    assert!(!ask(&before, question).answered);
    drop(before);

    let path = folder.corpus_file("lanzhou-industries.md");
    let mut text = std::fs::read_to_string(&path).expect("read the document");
    text.push_str("\nTourism revenue in Lanzhou reached 45.6 billion yuan in 2018.\n");
    std::fs::write(&path, &text).expect("append a sentence");

    let after = folder.open();
    assert!(
        after.stats().rebuilt,
        "a changed document rebuilds the index"
    );
    let hits = after.search("tourism revenue", 5);
    let hit = hits
        .iter()
        .find(|h| h.snippet.contains("45.6 billion yuan"))
        .unwrap_or_else(|| panic!("the new sentence is found: {hits:?}"));
    assert_eq!(text.get(hit.start..hit.end), Some(hit.snippet.as_str()));
    let reply = ask(&after, question);
    assert!(reply.answered, "{}", reply.answer);
    assert!(
        reply.answer.contains("45.6 billion yuan"),
        "{}",
        reply.answer
    );
    assert_answers_tertiary_growth(&after, "after the append");
}

#[test]
fn an_added_document_triggers_a_rebuild_and_is_served() {
    let folder = Folder::built();
    let before = folder.open().stats();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qingshui-economy.md");
    std::fs::copy(&fixture, folder.corpus_file("qingshui-economy.md")).expect("add a document");

    let after = folder.open();
    assert!(
        after.stats().rebuilt,
        "an added document rebuilds the index"
    );
    assert_eq!(after.stats().documents, before.documents + 1);
    assert!(after.stats().facts > before.facts);
    assert!(after.document("qingshui-economy").is_some());
    let reply = ask(&after, "What was Qingshui's GDP in 2019?");
    assert!(reply.answered, "{}", reply.answer);
    assert!(
        reply.answer.contains("215.6 billion yuan"),
        "{}",
        reply.answer
    );
    assert!(
        reply
            .citations
            .iter()
            .all(|c| c.doc_id == "qingshui-economy"),
        "{:?}",
        reply.citations
    );
    assert_answers_tertiary_growth(&after, "after adding a document");

    drop(after);
    std::fs::remove_file(folder.corpus_file("qingshui-economy.md")).expect("remove it again");
    let removed = folder.open();
    assert!(
        removed.stats().rebuilt,
        "a removed document rebuilds the index"
    );
    assert_eq!(removed.stats().documents, before.documents);
    assert!(removed.document("qingshui-economy").is_none());
}

#[test]
fn an_edited_lexicon_triggers_a_rebuild_and_its_new_alias_is_understood() {
    let folder = Folder::built();
    let question = "third sector growth since 1949";
    let before = folder.open();
    assert!(
        !ask(&before, question).answered,
        "the alias is not known yet"
    );
    drop(before);

    let path = folder.corpus_file("lexicon.toml");
    let lexicon = std::fs::read_to_string(&path).expect("read the lexicon");
    let edited = lexicon.replacen(
        "\"tertiary industry\" = [",
        "\"tertiary industry\" = [\n    \"third sector\",",
        1,
    );
    assert_ne!(edited, lexicon, "the lexicon has a tertiary industry entry");
    std::fs::write(&path, edited).expect("edit the lexicon");

    let after = folder.open();
    assert!(
        after.stats().rebuilt,
        "an edited lexicon rebuilds the index"
    );
    let reply = ask(&after, question);
    assert!(reply.answered, "{}", reply.answer);
    assert!(reply.answer.contains("17,500"), "{}", reply.answer);
}

/// The ways a file can be damaged.
#[derive(Clone, Copy, Debug)]
enum Damage {
    Truncate,
    Halve,
    Garbage,
    FlipMiddleByte,
    Delete,
}

impl Damage {
    const ALL: [Damage; 5] = [
        Damage::Truncate,
        Damage::Halve,
        Damage::Garbage,
        Damage::FlipMiddleByte,
        Damage::Delete,
    ];

    fn apply(self, path: &Path) {
        let bytes = std::fs::read(path).expect("read the file to damage");
        match self {
            Damage::Truncate => std::fs::write(path, b"").expect("truncate"),
            Damage::Halve => std::fs::write(path, &bytes[..bytes.len() / 2]).expect("halve"),
            Damage::Garbage => {
                let garbage: Vec<u8> = (0..bytes.len().max(16))
                    .map(|i| (i * 131 % 251) as u8)
                    .collect();
                std::fs::write(path, garbage).expect("overwrite")
            }
            Damage::FlipMiddleByte => {
                let mut flipped = bytes;
                let middle = flipped.len() / 2;
                flipped[middle] ^= 0x20;
                std::fs::write(path, flipped).expect("flip a byte")
            }
            Damage::Delete => std::fs::remove_file(path).expect("delete"),
        }
    }
}

/// The data files tantivy wrote for the current generation (not its lock files, which
/// hold nothing).
fn text_index_files(folder: &Folder) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder.generation().join("tantivy"))
        .expect("the text index folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    names.sort();
    names
}

/// What a text index file is: its name for tantivy's own files (`meta.json`,
/// `.managed.json`), its extension for segment files, whose names are new in every build.
fn file_kind(name: &str) -> &str {
    if name.ends_with(".json") {
        name
    } else {
        name.rsplit('.').next().unwrap_or(name)
    }
}

/// The text index file of this kind in the current generation.
fn text_index_file(folder: &Folder, kind: &str) -> PathBuf {
    let name = text_index_files(folder)
        .into_iter()
        .find(|n| file_kind(n) == kind)
        .unwrap_or_else(|| panic!("a {kind} file in the text index"));
    folder.generation().join("tantivy").join(name)
}

#[test]
fn every_damaged_text_index_file_is_rebuilt() {
    let names = text_index_files(&Folder::built());
    let kinds: Vec<&str> = names.iter().map(|n| file_kind(n)).collect();
    for expected in ["meta.json", ".managed.json", "store", "term", "idx"] {
        assert!(kinds.contains(&expected), "{expected} in {names:?}");
    }
    for kind in kinds {
        // A byte flipped in the middle of a JSON file may leave it valid JSON that
        // means something else; the segment files carry checksums that catch it.
        let damages = Damage::ALL
            .into_iter()
            .filter(|d| !(kind.ends_with(".json") && matches!(d, Damage::FlipMiddleByte)));
        for damage in damages {
            let folder = Folder::built();
            damage.apply(&text_index_file(&folder, kind));
            assert_repaired(&folder, &format!("{damage:?} the tantivy {kind} file"));
        }
    }
}

/// tantivy checks the checksums of the files its `.managed.json` lists; without that
/// list (a copy made with `cp dir/*` leaves dot files behind) nothing is checked.
#[test]
fn a_damaged_store_is_rebuilt_even_without_tantivy_s_file_list() {
    let folder = Folder::built();
    Damage::Delete.apply(&text_index_file(&folder, ".managed.json"));
    Damage::FlipMiddleByte.apply(&text_index_file(&folder, "store"));
    assert_repaired(&folder, "damaged .store without .managed.json");
}

#[test]
fn a_deleted_text_index_folder_is_rebuilt() {
    let folder = Folder::built();
    std::fs::remove_dir_all(folder.generation().join("tantivy")).expect("delete the folder");
    assert_repaired(&folder, "deleted tantivy/");
}

/// Builds an index, damages `file` of its generation each way in turn, and checks that
/// every damage is repaired.
fn assert_each_damage_repaired(file: &str, damages: &[Damage]) {
    for damage in damages {
        let folder = Folder::built();
        damage.apply(&folder.generation().join(file));
        assert_repaired(&folder, &format!("{damage:?} {file}"));
    }
}

#[test]
fn a_damaged_fact_table_is_rebuilt() {
    assert_each_damage_repaired(
        "facts.json",
        &[
            Damage::Truncate,
            Damage::Halve,
            Damage::Garbage,
            Damage::Delete,
        ],
    );
    for replacement in ["[]", "{}", "null", "[{\"id\": 0}]"] {
        let folder = Folder::built();
        std::fs::write(folder.generation().join("facts.json"), replacement).expect("overwrite");
        assert_repaired(&folder, &format!("facts.json replaced by {replacement}"));
    }
}

#[test]
fn a_damaged_word_list_is_rebuilt() {
    assert_each_damage_repaired(
        "words.tsv",
        &[
            Damage::Truncate,
            Damage::Halve,
            Damage::Garbage,
            Damage::Delete,
            Damage::FlipMiddleByte,
        ],
    );
}

/// A fact table edited in place so that it still parses and has as many rows: a value
/// changes. The engine must not serve the changed figure, nor compute with it.
#[test]
fn a_fact_table_with_an_altered_value_is_not_served() {
    let folder = Folder::built();
    let path = folder.generation().join("facts.json");
    let facts = std::fs::read_to_string(&path).expect("read facts.json");
    let altered = facts.replacen("\"value\":17500.0", "\"value\":17501.0", 1);
    assert_ne!(altered, facts, "facts.json holds the 17,500 times multiple");
    std::fs::write(&path, altered).expect("alter a value");
    let engine = folder.open();
    let served: Vec<f64> = engine
        .facts(&lanzhou_qa::facts::FactFilter::default())
        .iter()
        .map(|f| f.value)
        .collect();
    assert!(!served.contains(&17_501.0), "the altered row is served");
    assert!(served.contains(&17_500.0), "the true row is served");
    let reply = ask(&engine, TERTIARY);
    assert!(
        reply.facts.iter().all(|f| f.fact.value != 17_501.0),
        "{:?}",
        reply.facts
    );
}

/// A change to the manifest's JSON.
type ManifestEdit = fn(&mut serde_json::Value);

#[test]
fn a_damaged_manifest_is_rebuilt() {
    for damage in [
        Damage::Truncate,
        Damage::Halve,
        Damage::Garbage,
        Damage::Delete,
    ] {
        let folder = Folder::built();
        damage.apply(&folder.generation().join("manifest.json"));
        assert_repaired(&folder, &format!("{damage:?} manifest.json"));
    }
    let edits: [(&str, ManifestEdit); 5] = [
        ("emptied", |m| *m = serde_json::json!({})),
        ("other fingerprint", |m| m["fingerprint"] = "0".into()),
        ("other format", |m| {
            m["format"] = "lanzhou-qa index format 0".into()
        }),
        ("one passage more", |m| {
            m["passages"] = (m["passages"].as_u64().expect("passages") + 1).into()
        }),
        ("one fact more", |m| {
            m["facts"] = (m["facts"].as_u64().expect("facts") + 1).into()
        }),
    ];
    for (what, edit) in edits {
        let folder = Folder::built();
        let path = folder.generation().join("manifest.json");
        let mut manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read the manifest"))
                .expect("the manifest is JSON");
        edit(&mut manifest);
        std::fs::write(&path, manifest.to_string()).expect("write the manifest");
        assert_repaired(&folder, &format!("manifest.json {what}"));
    }
}

#[test]
fn a_bad_current_pointer_is_rebuilt() {
    let cases: [(&str, &[u8]); 9] = [
        ("garbage bytes", &[0xff, 0xfe, 0x00, 0x9c, 0x41]),
        ("empty", b""),
        ("whitespace", b" \n\t"),
        ("a missing generation", b"gen-0-0"),
        ("a parent path", b"../index"),
        ("an absolute path", b"/tmp"),
        ("a hidden name", b".build-gen-0-0"),
        ("a long name", &[b'g'; 4096]),
        ("a name with a NUL", b"gen-\0"),
    ];
    for (what, pointer) in cases {
        let folder = Folder::built();
        std::fs::write(folder.index().join("CURRENT"), pointer).expect("write CURRENT");
        assert_repaired(&folder, &format!("CURRENT holds {what}"));
    }
    let folder = Folder::built();
    std::fs::remove_file(folder.index().join("CURRENT")).expect("delete CURRENT");
    assert_repaired(&folder, "deleted CURRENT");
}

#[test]
fn a_deleted_generation_folder_is_rebuilt() {
    let folder = Folder::built();
    std::fs::remove_dir_all(folder.generation()).expect("delete the generation");
    assert_repaired(&folder, "deleted generation");

    let folder = Folder::built();
    std::fs::remove_dir_all(folder.index()).expect("delete the index folder");
    assert_repaired(&folder, "deleted index folder");
}

#[test]
fn unusable_corpus_files_are_skipped_with_a_reason_and_the_rest_is_served() {
    let folder = Folder::new();
    let files: [(&str, &[u8], &str); 4] = [
        (
            "latin1.md",
            b"Caf\xe9 sales rose 3 percent in 2018.\n",
            "UTF-8",
        ),
        ("empty.md", b"", "empty"),
        ("blank.txt", b" \n\n\t\n", "empty"),
        (
            "broken-front-matter.md",
            b"---\ntitle: Broken\nthis line has no colon\n---\n\nZinc output rose.\n",
            "front matter",
        ),
    ];
    for (name, bytes, _) in files {
        std::fs::write(folder.corpus_file(name), bytes).expect("write a bad corpus file");
    }
    let engine = folder.open();
    let skipped = engine.skipped();
    assert_eq!(skipped.len(), files.len(), "{skipped:?}");
    for (name, _, reason) in files {
        let (_, why) = skipped
            .iter()
            .find(|(path, _)| path.file_name().is_some_and(|n| n == name))
            .unwrap_or_else(|| panic!("{name} is skipped: {skipped:?}"));
        assert!(why.contains(reason), "{name}: {why}");
    }
    let ids: Vec<&str> = engine.documents().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["lanzhou-industries"]);
    assert_answers_tertiary_growth(&engine, "with skipped files");
    assert!(
        engine.search("zinc", 5).is_empty(),
        "skipped text is not indexed"
    );
    drop(engine);

    // Mending a skipped file brings it in.
    std::fs::write(
        folder.corpus_file("broken-front-matter.md"),
        "---\ntitle: Mended\n---\n\nZinc output rose in 2018.\n",
    )
    .expect("mend the file");
    let mended = folder.open();
    assert!(mended.stats().rebuilt);
    assert_eq!(mended.skipped().len(), files.len() - 1);
    assert!(mended.document("broken-front-matter").is_some());
    assert!(
        mended
            .search("zinc", 5)
            .iter()
            .any(|h| h.doc_id == "broken-front-matter")
    );
}

/// Writes what an interrupted build leaves behind: a staging folder with part of a
/// generation, and a pointer file that was never renamed over `CURRENT`.
fn leave_interrupted_build(index: &Path, name: &str) -> (PathBuf, PathBuf) {
    let staging = index.join(format!(".build-{name}"));
    std::fs::create_dir_all(staging.join("tantivy")).expect("staging folder");
    std::fs::write(staging.join("tantivy").join("meta.json"), "{\"segm").expect("partial");
    std::fs::write(staging.join("facts.json"), "[{\"id\": 0,").expect("partial facts");
    let pointer = index.join(format!(".CURRENT-{name}"));
    std::fs::write(&pointer, name).expect("stray pointer");
    (staging, pointer)
}

#[test]
fn an_interrupted_first_build_does_not_break_opening() {
    let folder = Folder::new();
    std::fs::create_dir_all(folder.index()).expect("index folder");
    let (staging, pointer) = leave_interrupted_build(folder.index(), "gen-1-1");
    let engine = folder.open();
    assert!(engine.stats().rebuilt);
    assert_answers_tertiary_growth(&engine, "after an interrupted first build");
    assert!(!folder.generation().ends_with("gen-1-1"));
    // Builds hold the folder's lock, so a leftover found by one is never another's
    // build in progress: it is removed.
    assert!(!staging.exists() && !pointer.exists());
    drop(engine);
    assert!(!folder.open().stats().rebuilt);
}

#[test]
fn an_interrupted_rebuild_leaves_the_current_index_in_use() {
    let folder = Folder::built();
    let generation = folder.generation();
    leave_interrupted_build(folder.index(), "gen-2-2");
    // A complete generation that was never made current, as a crash between the
    // folder's rename and the pointer's leaves.
    let orphan = folder.index().join("gen-3-3");
    std::fs::create_dir(&orphan).expect("orphan generation");
    std::fs::write(orphan.join("manifest.json"), "{}").expect("orphan manifest");

    let engine = folder.open();
    assert!(!engine.stats().rebuilt, "the current generation is intact");
    assert_eq!(folder.generation(), generation);
    assert_answers_tertiary_growth(&engine, "beside an interrupted rebuild");
}

#[test]
fn leftovers_of_interrupted_builds_are_removed_by_the_next_build() {
    let folder = Folder::built();
    let (old_staging, old_pointer) = leave_interrupted_build(folder.index(), "gen-4-4");
    let (young_staging, young_pointer) = leave_interrupted_build(folder.index(), "gen-5-5");

    let engine = Engine::rebuild(&folder.config).expect("the index rebuilds");
    assert_answers_tertiary_growth(&engine, "after cleaning up");
    for leftover in [old_staging, old_pointer, young_staging, young_pointer] {
        assert!(!leftover.exists(), "{} is removed", leftover.display());
    }
    assert_eq!(folder.generations().len(), 1, "{:?}", folder.generations());
}

#[test]
fn a_generation_another_engine_serves_is_kept_until_it_is_released() {
    let folder = Folder::built();
    let serving = folder.open();
    let old = folder.generation();
    let rebuilt = Engine::rebuild(&folder.config).expect("the index rebuilds");
    assert_ne!(folder.generation(), old);
    assert!(old.exists(), "a leased generation is kept");
    assert_answers_tertiary_growth(&serving, "the old generation still serves");
    drop(serving);
    drop(rebuilt);
    Engine::rebuild(&folder.config).expect("the index rebuilds again");
    assert!(
        !old.exists(),
        "a released generation is removed by the next build"
    );
    assert_eq!(folder.generations().len(), 1, "{:?}", folder.generations());
}

#[test]
fn four_processes_starting_at_once_on_a_stale_index_all_serve() {
    for trial in 0..4 {
        let folder = Folder::built();
        let article = folder.corpus_file("lanzhou-industries.md");
        let mut text = std::fs::read_to_string(&article).expect("the article");
        text.push_str(&format!(
            "\nZinc output reached {} tonnes in 2018.\n",
            100 + trial
        ));
        std::fs::write(&article, text).expect("make the index stale");
        let children: Vec<std::process::Child> = (0..4)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_lanzhou-qa"))
                    .args(["ask", TERTIARY, "--json", "--corpus"])
                    .arg(&folder.config.corpus_dir)
                    .arg("--index")
                    .arg(folder.index())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("the binary starts")
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().expect("the process ends");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert_eq!(
                output.status.code(),
                Some(0),
                "trial {trial}: {}\n{stdout}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(stdout.contains("17,500"), "trial {trial}: {stdout}");
        }
        assert_eq!(
            folder.generations().len(),
            1,
            "built once: {:?}",
            folder.generations()
        );
        assert!(
            !folder.open().stats().rebuilt,
            "trial {trial}: the build is reused"
        );
    }
}

/// Every file under `dir` with its length and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder") {
            let entry = entry.expect("an entry");
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                files.push((entry.path(), meta.len(), meta.modified().expect("a time")));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn opening_an_index_writes_nothing_so_a_read_only_index_serves() {
    let folder = Folder::built();
    let before = snapshot(folder.index());
    let engine = folder.open();
    assert!(!engine.stats().rebuilt);
    assert_answers_tertiary_growth(&engine, "opened without writing");
    drop(engine);
    assert_eq!(snapshot(folder.index()), before, "opening wrote nothing");

    // The same with the folder made read-only, where the permissions bind (not as root).
    set_read_only(folder.index(), true);
    let probe = folder.index().join("probe");
    let permissions_bind = std::fs::write(&probe, "x").is_err();
    let _ = std::fs::remove_file(&probe);
    if permissions_bind {
        let engine = folder.open();
        assert!(!engine.stats().rebuilt);
        assert_answers_tertiary_growth(&engine, "read-only folder");
    }
    set_read_only(folder.index(), false);
}

/// Makes every folder and file under `dir` read-only, or writable again.
fn set_read_only(dir: &Path, read_only: bool) {
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("a folder") {
                pending.push(entry.expect("an entry").path());
            }
        }
        let mut permissions = std::fs::metadata(&path).expect("metadata").permissions();
        permissions.set_readonly(read_only);
        std::fs::set_permissions(&path, permissions).expect("set permissions");
    }
}

#[cfg(unix)]
#[test]
fn every_file_of_a_generation_is_as_readable_as_the_fact_table() {
    use std::os::unix::fs::PermissionsExt;
    let folder = Folder::built();
    let generation = folder.generation();
    let mode = |path: &Path| {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    };
    let facts = mode(&generation.join("facts.json"));
    for (path, _, _) in snapshot(&generation) {
        assert_eq!(mode(&path), facts, "{}", path.display());
    }
    assert!(
        generation.join("tantivy").join(".managed.json").exists(),
        "tantivy's file list is among them"
    );
}

#[test]
fn a_corpus_that_lost_its_documents_does_not_replace_the_last_good_index() {
    for (case, spoil) in [
        (
            "emptied",
            (|corpus: &Path| {
                std::fs::remove_file(corpus.join("lanzhou-industries.md")).expect("remove");
            }) as fn(&Path),
        ),
        ("not UTF-8", |corpus: &Path| {
            std::fs::write(corpus.join("lanzhou-industries.md"), b"\xff\xfe bad").expect("spoil");
        }),
    ] {
        let folder = Folder::built();
        let generation = folder.generation();
        spoil(&folder.config.corpus_dir);
        let engine = folder.open();
        let reason = engine
            .degraded()
            .unwrap_or_else(|| panic!("{case}: degraded"));
        assert!(reason.contains("0 documents"), "{case}: {reason}");
        assert_eq!(engine.stats().documents, 1, "{case}");
        assert_answers_tertiary_growth(&engine, case);
        assert_eq!(folder.generation(), generation, "{case}: the index is kept");
        assert!(generation.exists(), "{case}");
        drop(engine);

        assert!(
            matches!(
                Engine::rebuild(&folder.config),
                Err(lanzhou_qa::EngineError::WouldShrink {
                    before: 1,
                    after: 0
                })
            ),
            "{case}: an explicit rebuild refuses too"
        );
        assert_eq!(folder.generation(), generation, "{case}");
        let forced = Engine::rebuild_forced(&folder.config).expect("a forced rebuild");
        assert_eq!(forced.stats().documents, 0, "{case}");
        assert!(forced.degraded().is_none(), "{case}");
    }
}

#[test]
fn links_out_of_the_corpus_and_names_that_are_not_utf8_are_skipped_with_a_reason() {
    let folder = Folder::new();
    let outside = folder._dir.path().join("secret.md");
    std::fs::write(&outside, "The secret figure was 42 million yuan in 2018.\n").expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, folder.corpus_file("evil.md")).expect("symlink");
        std::os::unix::fs::symlink(
            folder.corpus_file("lanzhou-industries.md"),
            folder.corpus_file("alias.md"),
        )
        .expect("symlink");
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        std::fs::write(folder.config.corpus_dir.join(name), "Tea sales rose.\n").expect("write");
    }
    let engine = folder.open();
    let ids: Vec<&str> = engine.documents().iter().map(|d| d.id.as_str()).collect();
    assert!(!ids.contains(&"evil"), "{ids:?}");
    assert!(engine.document("evil").is_none());
    assert!(
        engine
            .search("secret figure", 5)
            .iter()
            .all(|h| h.doc_id != "evil")
    );
    #[cfg(unix)]
    {
        assert!(
            ids.contains(&"alias"),
            "a link inside the folder is a document: {ids:?}"
        );
        let reasons: Vec<String> = engine
            .skipped()
            .iter()
            .map(|(path, why)| format!("{}: {why}", path.display()))
            .collect();
        assert!(
            reasons
                .iter()
                .any(|r| r.contains("evil.md") && r.contains("outside the corpus folder")),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.contains("not UTF-8")),
            "{reasons:?}"
        );
    }
}
