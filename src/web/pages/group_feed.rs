//! `/feeds/groups/{id}.rss|atom`: a public group's topics, latest talk
//! first. As every feed it holds only what a signed-out visitor may see, so
//! a private group's feed is missing, even to its members.

use axum::extract::{Path, State};
use axum::response::Response;

use super::feeds::{Channel, Item, render, split};
use crate::AppState;
use crate::actions::groups as group_actions;
use crate::actions::topics as topic_actions;
use crate::domain::text::escape;
use crate::error::ActionError;
use crate::web::PageResult;
use crate::web::view::plural;

pub async fn group_topics(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> PageResult<Response> {
    let (stem, format) = split(&file)?;
    let id: i64 = stem.parse().map_err(|_| ActionError::NotFound("feed"))?;
    let store = state.store.as_ref();
    let group = group_actions::inside(store, None, id)
        .await
        .map_err(|_| ActionError::NotFound("feed"))?;
    let topics = topic_actions::topics(store, None, id, 1).await?;
    let channel = Channel {
        title: format!("{} — a group on Dogear", group.name),
        description: format!("Topics in the reading group {}", group.name),
        base: state.public_url.to_string(),
        page: format!("/groups/{id}"),
        self_path: format!("/feeds/groups/{id}"),
        updated: None,
        items: topics
            .iter()
            .map(|t| Item {
                title: t.title.clone(),
                path: format!("/topics/{}", t.id),
                author: t.author.as_ref().map(|a| a.display_name.clone()),
                html: format!(
                    "<p>{}{} in {}.</p>",
                    plural(t.comments_count, "message", "messages"),
                    if t.book_id.is_some() {
                        " of a read-along"
                    } else {
                        ""
                    },
                    escape(&group.name),
                ),
                published: t.created_at,
                updated: t.last_posted_at,
            })
            .collect(),
    };
    render(channel, format)
}
