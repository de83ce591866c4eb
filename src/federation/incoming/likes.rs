//! `Like` and `Undo{Like}` of a review or quote here: a reader elsewhere
//! likes as a local one does, and only what they may see.

use super::super::parse;
use super::super::remote::{InboxError, internal};
use super::reader;
use super::targets::{self, Target};
use crate::AppState;
use crate::store::RemoteActor;

pub async fn like(
    state: &AppState,
    sender: &RemoteActor,
    activity: &parse::Activity,
    liked: bool,
) -> Result<(), InboxError> {
    let Some(object) = activity.object_id.as_deref() else {
        return Ok(());
    };
    let Some(target) = targets::find(state, object).await? else {
        return Ok(());
    };
    let user = reader(state, sender).await?;
    let store = &state.store;
    let now = crate::actions::now();
    match target {
        Target::Review(id) => {
            if crate::actions::reviews::visible_review(store, Some(&user), id)
                .await
                .is_err()
            {
                return Err(InboxError::Refused(
                    "that review is not open to them".into(),
                ));
            }
            store
                .set_like(user.id, id, liked, now, &activity.id)
                .await
                .map_err(internal)?;
            Ok(())
        }
        Target::Quote(id) => {
            if store
                .quote(id, Some(user.id))
                .await
                .map_err(internal)?
                .is_none()
            {
                return Err(InboxError::Refused("that quote is not open to them".into()));
            }
            store
                .set_quote_like(id, user.id, liked, now)
                .await
                .map_err(internal)
        }
        // Messages in a thread are not liked here.
        Target::Comment { .. } => Ok(()),
    }
}
