//! `Flag` from another server: each review or message here that it names
//! reaches the moderation queue, filed by the sender's stand-in.

use super::super::parse;
use super::super::remote::{InboxError, internal};
use super::reader;
use super::targets::{self, Target};
use crate::AppState;
use crate::actions::moderation;
use crate::domain::remote_reader::{cut, plain_text};
use crate::domain::text;
use crate::store::RemoteActor;

/// Things named by one flag, at most.
const MAX_FLAGGED: usize = 20;
/// A server's flags in an hour, at most: many readers report through it.
const FLAGS_PER_HOUR: i64 = 200;

pub async fn flag(
    state: &AppState,
    sender: &RemoteActor,
    activity: &parse::Activity,
    doc: &serde_json::Value,
) -> Result<(), InboxError> {
    let named: Vec<String> = match doc.get("object") {
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(parse::id_of).collect(),
        Some(one) => parse::id_of(one).into_iter().collect(),
        None => activity.object_id.clone().into_iter().collect(),
    };
    let said = doc
        .get("content")
        .and_then(serde_json::Value::as_str)
        .map(plain_text)
        .unwrap_or_default();
    let note = cut(
        &format!("Reported from {}: {said}", sender.host),
        text::NOTE_MAX,
    );
    let user = reader(state, sender).await?;
    for uri in named.iter().take(MAX_FLAGGED) {
        let target = match targets::find(state, uri).await? {
            Some(Target::Review(id)) => moderation::Target::Review(id),
            Some(Target::Comment { id, .. }) => moderation::Target::Comment(id),
            _ => continue,
        };
        match moderation::flag(
            &state.store,
            &user,
            target,
            "other",
            Some(&note),
            FLAGS_PER_HOUR,
        )
        .await
        {
            // Flagged before, or not theirs to see: nothing more to file.
            Ok(_)
            | Err(crate::error::ActionError::Conflict { .. })
            | Err(crate::error::ActionError::NotFound(_)) => {}
            Err(e) => return Err(internal(e)),
        }
    }
    Ok(())
}
