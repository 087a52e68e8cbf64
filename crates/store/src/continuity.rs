//! At import, a framework's `continues` links must name a stored framework's
//! indicator of the same measure (the rule is `xanh_core::framework::continuity`).

use crate::Store;
use crate::error::{Result, StoreError};
use std::collections::HashMap;
use xanh_core::framework::Framework;
use xanh_core::framework::continuity::problems;

impl Store {
    /// Refuses a framework whose `continues` links do not hold.
    pub(crate) async fn check_continuity(&self, framework: &Framework) -> Result<()> {
        let mut earlier: HashMap<String, Framework> = HashMap::new();
        for (_, ind) in framework.indicators() {
            let Some(c) = &ind.continues else { continue };
            if earlier.contains_key(&c.framework) || c.framework == framework.code {
                continue;
            }
            match self.framework(&c.framework, None).await {
                Ok(stored) => {
                    earlier.insert(c.framework.clone(), stored.framework);
                }
                Err(StoreError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        let found = problems(framework, |code| earlier.get(code));
        if found.is_empty() {
            return Ok(());
        }
        Err(StoreError::Invalid {
            field: "continues".into(),
            reason: found
                .iter()
                .map(|t| format!("{} / {}", t.vi, t.en))
                .collect::<Vec<_>>()
                .join("\n"),
        })
    }
}
