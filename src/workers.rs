//! Engine work off the async threads: questions and searches run on tokio's blocking
//! threads, at most `workers` at once, with at most `queue` more waiting; past that the
//! work is refused as [`Busy`] at once, so a flood of expensive questions can neither
//! starve the async threads that answer `/healthz` nor queue without bound.

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::engine::Engine;

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

/// The engine with a bounded set of blocking workers; cheap to clone.
#[derive(Clone)]
pub struct Workers {
    engine: Arc<Engine>,
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
            engine,
            running: Arc::new(Semaphore::new(workers)),
            admitted: Arc::new(Semaphore::new(workers.saturating_add(queue))),
        }
    }

    /// The engine, for work cheap enough to do in place (listing documents, facts).
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
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
        let engine = Arc::clone(&self.engine);
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
    async fn a_panic_in_the_work_is_a_failure_not_a_crash() {
        let (engine, _dir) = engine();
        let workers = Workers::new(engine, 1, 0);
        let result: Result<(), Busy> = workers.run(|_| panic!("boom")).await;
        assert_eq!(result, Err(Busy::Failed));
        assert_eq!(workers.run(|_| 5).await, Ok(5));
    }
}
