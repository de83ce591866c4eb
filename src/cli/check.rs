//! `dogear check [--repair]`: the database's invariants, and setting its derived counts right.

use dogear::store::Store;

use super::say;

/// Prints what holds and what does not; an error (a non-zero exit) when
/// anything is wrong after the repair, if one was asked for.
pub async fn run(store: &Store, repair: bool) -> Result<(), String> {
    let stale_before = dogear::actions::now() - dogear::jobs::stale_after();
    if repair {
        let repaired = store
            .repair(stale_before)
            .await
            .map_err(|e| format!("repair failed: {e}"))?;
        say(&repaired.to_string());
    }
    let report = store
        .check(stale_before)
        .await
        .map_err(|e| format!("check failed: {e}"))?;
    say(&report.to_string());
    if report.is_ok() {
        Ok(())
    } else if repair {
        Err("some invariants still fail: the repair recomputes counts, not thread numbers or broken rows".into())
    } else {
        Err("some invariants fail: `dogear check --repair` recomputes the derived counts".into())
    }
}
