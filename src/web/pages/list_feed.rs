//! `/feeds/lists/{id}.rss|atom`: the books put on a list, newest first. As
//! every feed, it holds only what a signed-out visitor may see.

use axum::extract::{Path, State};
use axum::response::Response;

use super::feeds::{Channel, Item, render, split};
use crate::AppState;
use crate::actions::lists as list_actions;
use crate::domain::text::escape;
use crate::error::ActionError;
use crate::web::PageResult;

pub async fn list_books(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> PageResult<Response> {
    let (stem, format) = split(&file)?;
    let id: i64 = stem.parse().map_err(|_| ActionError::NotFound("feed"))?;
    let (list, entries) = list_actions::newest_books(state.store.as_ref(), id, 50).await?;
    let channel = Channel {
        title: format!("{} — a list on Dogear", list.title),
        description: format!("Books on {}'s list {}", list.owner.display_name, list.title),
        base: state.public_url.to_string(),
        page: format!("/lists/{id}"),
        self_path: format!("/feeds/lists/{id}"),
        updated: None,
        items: entries
            .iter()
            .map(|e| {
                let by: Vec<&str> = e.book.authors.iter().map(|a| a.name.as_str()).collect();
                let note = if e.note.is_empty() {
                    String::new()
                } else {
                    format!("<p>{}</p>", escape(&e.note))
                };
                Item {
                    title: format!("{} by {}", e.book.title, by.join(", ")),
                    path: format!("/lists/{id}#book-{}", e.book.id),
                    author: e.added_by.as_ref().map(|u| u.display_name.clone()),
                    html: format!(
                        "<p><em>{}</em> is on the list {}, with {}.</p>{note}",
                        escape(&e.book.title),
                        escape(&list.title),
                        crate::web::view::plural(e.votes, "vote", "votes"),
                    ),
                    published: e.added_at,
                    updated: e.added_at,
                }
            })
            .collect(),
    };
    render(channel, format)
}
