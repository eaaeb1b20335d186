//! Engine work off the async threads: questions and searches run on tokio's blocking
//! threads, at most `workers` at once, with at most `queue` more waiting; past that the
//! work is refused as [`Busy`] at once, so a flood of expensive questions can neither
//! starve the async threads that answer `/healthz` nor queue without bound.
//!
//! The engine can be replaced while serving ([`Workers::reload`]): work already started
//! finishes on the engine it started with, and work started after the swap gets the new
//! one.

use std::sync::Arc;

use arc_swap::ArcSwap;
use tokio::sync::{Mutex, Semaphore};

use crate::engine::{Engine, EngineError, Stats};

/// Why work was not done.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Busy {
    /// Every worker is busy and the queue is full; try again shortly.
    #[error("the server is answering as many questions as it can; try again shortly")]
    Full,
    /// The work panicked or was cancelled; the fault is logged.
    #[error("the work failed")]
    Failed,
}

/// Why a reload did not swap in a new engine.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// The engine could not be opened again; the one served so far stays.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The reload panicked or was cancelled; the fault is logged.
    #[error("the reload failed")]
    Failed,
}

/// The engine with a bounded set of blocking workers; cheap to clone.
#[derive(Clone)]
pub struct Workers {
    engine: Arc<ArcSwap<Engine>>,
    /// Held while a reload opens the next engine, so reloads run one at a time.
    reloading: Arc<Mutex<()>>,
    /// One permit per worker.
    running: Arc<Semaphore>,
    /// One permit per worker or place in the queue.
    admitted: Arc<Semaphore>,
}

impl Workers {
    /// Workers over `engine`: `workers` at once (at least one), `queue` more waiting.
    pub fn new(engine: Arc<Engine>, workers: usize, queue: usize) -> Workers {
        let workers = workers.max(1);
        Workers {
            engine: Arc::new(ArcSwap::new(engine)),
            reloading: Arc::default(),
            running: Arc::new(Semaphore::new(workers)),
            admitted: Arc::new(Semaphore::new(workers.saturating_add(queue))),
        }
    }

    /// The engine now served, for work cheap enough to do in place (listing documents,
    /// facts).
    pub fn engine(&self) -> Arc<Engine> {
        self.engine.load_full()
    }

    /// Opens the engine again from its corpus and index folders (building a new index
    /// generation when the corpus changed) on a blocking thread, then swaps it in for all
    /// work started afterwards; conversations carry over. Returns the new engine's counts.
    /// On failure the engine served so far stays.
    pub async fn reload(&self) -> Result<Stats, ReloadError> {
        let _one_at_a_time = self.reloading.lock().await;
        let current = self.engine();
        let next = tokio::task::spawn_blocking(move || current.reopen())
            .await
            .map_err(|error| {
                tracing::error!(%error, "reloading the engine failed");
                ReloadError::Failed
            })??;
        let stats = next.stats();
        self.engine.store(Arc::new(next));
        Ok(stats)
    }

    /// Runs `work` on a blocking thread once a worker is free and returns its result.
    ///
    /// Fails with [`Busy::Full`] at once when every worker is busy and the queue is full,
    /// and with [`Busy::Failed`] when the work panics.
    pub async fn run<T, F>(&self, work: F) -> Result<T, Busy>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> T + Send + 'static,
    {
        let Ok(_admitted) = Arc::clone(&self.admitted).try_acquire_owned() else {
            return Err(Busy::Full);
        };
        let running = Arc::clone(&self.running)
            .acquire_owned()
            .await
            .map_err(|_| Busy::Failed)?;
        let engine = self.engine();
        // The permit moves into the blocking task, so a caller that goes away (a client
        // that hangs up) does not free a worker that is still busy.
        let task = tokio::task::spawn_blocking(move || {
            let _running = running;
            work(&engine)
        });
        task.await.map_err(|error| {
            tracing::error!(%error, "engine work failed");
            Busy::Failed
        })
    }

    /// How many more pieces of work would be admitted now (free workers plus free places
    /// in the queue).
    pub fn available(&self) -> usize {
        self.admitted.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::EngineConfig;

    fn engine() -> (Arc<Engine>, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let config = EngineConfig {
            corpus_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
            index_dir: dir.path().join("index"),
        };
        let engine = Engine::open(&config).expect("the repository corpus opens");
        (Arc::new(engine), dir)
    }

    #[tokio::test]
    async fn work_past_the_workers_and_the_queue_is_refused_at_once() {
        let (engine, _dir) = engine();
        let workers = Workers::new(engine, 1, 1);
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        let busy = workers.clone();
        let first = tokio::spawn(async move {
            busy.run(move |_| {
                let _ = started.send(());
                let _ = hold.recv();
                1
            })
            .await
        });
        running.await.expect("the first work starts");
        let queued = workers.clone();
        let second = tokio::spawn(async move { queued.run(|_| 2).await });
        // The second waits in the queue; wait until it holds its place.
        while workers.available() > 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(workers.run(|_| 3).await, Err(Busy::Full));
        release.send(()).expect("the first work is waiting");
        assert_eq!(first.await.expect("joins"), Ok(1));
        assert_eq!(second.await.expect("joins"), Ok(2));
        assert_eq!(workers.run(|_| 4).await, Ok(4));
    }

    #[tokio::test]
    async fn a_reload_serves_the_corpus_as_it_is_now_and_keeps_conversations() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("corpus folder");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(
            root.join("corpus/lanzhou-industries.md"),
            corpus.join("lanzhou-industries.md"),
        )
        .expect("copy the seed article");
        let config = EngineConfig {
            corpus_dir: corpus.clone(),
            index_dir: dir.path().join("index"),
        };
        let engine = Engine::open(&config).expect("the corpus opens");
        let workers = Workers::new(Arc::new(engine), 1, 0);
        let session = crate::reply::SessionId::parse("kept").expect("a valid id");
        let first =
            crate::reply::Question::parse("How much did tertiary industry grow since 1949?")
                .expect("a valid question");
        workers
            .run(move |e| e.ask(&first, Some(&session)))
            .await
            .expect("answered");
        std::fs::copy(
            root.join("tests/fixtures/qingshui-economy.md"),
            corpus.join("qingshui-economy.md"),
        )
        .expect("copy a fixture");
        let stats = workers
            .reload()
            .await
            .expect("the reload opens the new corpus");
        assert_eq!(stats.documents, 2);
        assert!(workers.engine().document("qingshui-economy").is_some());
        let session = crate::reply::SessionId::parse("kept").expect("a valid id");
        let follow_up = crate::reply::Question::parse("what about primary industry?")
            .expect("a valid question");
        let reply = workers
            .run(move |e| e.ask(&follow_up, Some(&session)))
            .await
            .expect("answered");
        // The growth asked before, now of primary industry: the conversation went on.
        assert!(reply.answer.contains("250"), "{}", reply.answer);
    }

    #[tokio::test]
    async fn a_panic_in_the_work_is_a_failure_not_a_crash() {
        let (engine, _dir) = engine();
        let workers = Workers::new(engine, 1, 0);
        let result: Result<(), Busy> = workers.run(|_| panic!("boom")).await;
        assert_eq!(result, Err(Busy::Failed));
        assert_eq!(workers.run(|_| 5).await, Ok(5));
    }
}
