//! The consolidation of a period over every area, cached per process.
//!
//! Computing it reads every kept sum of the years up to the period (about
//! 110,000 rows at national scale), so it is kept in memory under the total
//! of the data generations of those years. Every request reads that total
//! first (one small query): when any sum of those years changed, in this
//! process or another, the total moved and the consolidation is computed
//! again, once: requests that arrive while one computes are served the
//! picture before the change (at most one computation behind, about a second
//! at national scale), so an import under 64 readers does not stall them. A
//! request made after a change, while no one else computes, sees it. Writes
//! to this year's period leave the pages of past years cached.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use xanh_app::national::Found;
use xanh_core::framework::Framework;
use xanh_core::national::Consolidation;
use xanh_store::{PeriodRow, Store, StoreError};

/// One period's consolidation with what its pages need beside it.
pub struct Entry {
    pub generation: i64,
    pub framework: Arc<Framework>,
    pub period: PeriodRow,
    pub periods: Vec<PeriodRow>,
    pub result: Consolidation,
    /// Pages rendered from this consolidation for visitors who are not signed
    /// in (their pages differ only by address and language), as HTML and
    /// gzipped once; dropped with the entry.
    pub pages: Mutex<HashMap<String, (axum::body::Bytes, axum::body::Bytes)>>,
}

#[derive(Default)]
pub struct Cache {
    entries: Mutex<HashMap<(String, String), Arc<Entry>>>,
    default_framework: Mutex<Option<String>>,
    /// Held while a consolidation is computed: when the data changes under
    /// 64 readers (an import in December), one of them computes; the others
    /// are served the picture before the change meanwhile, instead of 64
    /// computing the same at once or all waiting for the one.
    computing: tokio::sync::Mutex<()>,
}

pub enum Lookup {
    Found(Arc<Entry>),
    NoFramework,
    NoPeriod,
}

impl Cache {
    /// The framework shown when the address names none: the one in force
    /// today (see [`xanh_app::consolidation::in_force`]), remembered per process.
    pub async fn framework_code(&self, store: &Store) -> Result<Option<String>, StoreError> {
        if let Ok(guard) = self.default_framework.lock()
            && let Some(code) = guard.as_ref()
        {
            return Ok(Some(code.clone()));
        }
        let chosen = xanh_app::consolidation::in_force(store).await?;
        if let (Ok(mut guard), Some(code)) = (self.default_framework.lock(), chosen.as_ref()) {
            *guard = Some(code.clone());
        }
        Ok(chosen)
    }

    /// The consolidation of `period` (default: the latest annual period with
    /// data, else the latest), current as of this request.
    pub async fn get(
        &self,
        store: &Store,
        framework: Option<&str>,
        period: Option<&str>,
    ) -> Result<Lookup, StoreError> {
        let code = match framework {
            Some(c) => c.to_string(),
            None => match self.framework_code(store).await? {
                Some(c) => c,
                None => return Ok(Lookup::NoFramework),
            },
        };
        let period = match period {
            Some(p) => p.to_string(),
            None => match xanh_app::national::latest_period(store, &code).await? {
                Some(p) => p,
                None => return Ok(Lookup::NoPeriod),
            },
        };
        let generation = xanh_app::national::generation(store, &code, &period).await?;
        let key = (code.clone(), period.clone());
        if let Some(e) = self.current(&key, generation) {
            return Ok(Lookup::Found(e));
        }
        let _computing = match self.computing.try_lock() {
            Ok(guard) => guard,
            Err(_) => {
                // Another request is computing: the previous picture now (at
                // most one computation behind), or wait where there is none.
                if let Some(previous) = self.kept(&key) {
                    return Ok(Lookup::Found(previous));
                }
                self.computing.lock().await
            }
        };
        // Whoever held the lock before may have computed this very generation.
        let generation = xanh_app::national::generation(store, &code, &period).await?;
        if let Some(e) = self.current(&key, generation) {
            return Ok(Lookup::Found(e));
        }
        let c = match xanh_app::national::consolidate(store, &code, &period).await? {
            Found::Computed(c) => *c,
            Found::NoFramework => return Ok(Lookup::NoFramework),
            Found::NoPeriod(_) => return Ok(Lookup::NoPeriod),
        };
        let entry = Arc::new(Entry {
            generation,
            framework: Arc::new(c.framework),
            period: c.period,
            periods: c.periods,
            result: c.result,
            pages: Mutex::default(),
        });
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(key, entry.clone());
        }
        Ok(Lookup::Found(entry))
    }

    /// The entry kept for `key`, whatever its generation.
    fn kept(&self, key: &(String, String)) -> Option<Arc<Entry>> {
        self.entries.lock().ok()?.get(key).cloned()
    }

    /// The entry kept for `key`, if it is of `generation`.
    fn current(&self, key: &(String, String), generation: i64) -> Option<Arc<Entry>> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|e| e.generation == generation)
            .cloned()
    }
}
