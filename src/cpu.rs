//! Blocking work (SQLite, tantivy, scoring) off the async executor, with bounded capacity:
//! over capacity a request is refused quickly instead of queueing forever.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

/// The pool was full for longer than the queue timeout.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the service is busy")]
pub struct Overloaded;

/// A bounded gate in front of `spawn_blocking`.
#[derive(Clone)]
pub struct CpuPool {
    permits: Arc<Semaphore>,
    queue_timeout: Duration,
}

impl CpuPool {
    pub fn new(max_concurrent: usize, queue_timeout: Duration) -> CpuPool {
        CpuPool {
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            queue_timeout,
        }
    }

    /// Runs `f` on the blocking pool once a slot is free.
    pub async fn run<T, F>(&self, f: F) -> Result<T, Overloaded>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = tokio::time::timeout(self.queue_timeout, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| Overloaded)?
            .map_err(|_| Overloaded)?;
        let out = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f()
        })
        .await;
        match out {
            Ok(v) => Ok(v),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => Err(Overloaded),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_pool_refuses_after_the_queue_timeout() {
        let pool = CpuPool::new(1, Duration::from_millis(20));
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let busy = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run(move || rx.recv().ok()).await })
        };
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(pool.run(|| 1).await.is_err());
        tx.send(()).unwrap();
        assert!(busy.await.unwrap().is_ok());
        assert_eq!(pool.run(|| 2).await.unwrap(), 2);
    }
}
