//! The OpenAPI 3.1 document of `/api/v1`, generated from the handlers and
//! their types, served at `/api/v1/openapi.json` and read by the reference page.

use std::sync::OnceLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, PartialSchema};

use super::{
    accounts, bookdata, books, comments, covers, editions, genres, goals, group_flags, group_shelf,
    groups, library, lists, moderation, notifications, people, quotes, recommend, registration,
    remote_people, reviews, series, topics,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Dogear API",
        version = "1",
        description = "Everything a reader can do on the site, as JSON. Send `Authorization: Bearer TOKEN` (make a token in Settings, or with `POST /tokens`). Errors are `application/problem+json` with a stable `code` and, for bad input, the field at fault in `errors`. Lists are paged by an opaque `cursor`: pass back the `next_cursor` of the page before. Successful reads carry an `ETag` and answer 304 to `If-None-Match`. Calls made with a token carry `RateLimit` headers and get 429 over the limit."
    ),
    servers((url = "/api/v1")),
    paths(
        accounts::create, accounts::me, accounts::delete_me,
        accounts::create_token, accounts::list_tokens, accounts::revoke_token,
        books::search, books::create, books::show, books::mine, covers::set_cover,
        bookdata::lookup, bookdata::add,
        covers::history, covers::history_image, covers::restore,
        books::rate, books::clear_rating, books::set_status, books::clear_status,
        books::set_shelves, books::add_read, books::add_progress, books::reviews,
        editions::list, editions::create, editions::show, editions::set_mine,
        editions::author, editions::merge_books, editions::merge_authors,
        reviews::put_review, reviews::show, reviews::delete_review, reviews::like, reviews::unlike,
        comments::list, comments::create, comments::of_list, comments::create_on_list, comments::show, comments::edit, comments::delete,
        people::profile, people::request_friend, people::accept_friend, people::end_friendship,
        people::follow, people::unfollow, people::block, people::unblock,
        people::my_friends, people::set_profile, people::set_avatar, people::remove_avatar,
        people::feed, people::book_friends, people::search,
        remote_people::find, remote_people::show, remote_people::follow, remote_people::unfollow,
        remote_people::followers, remote_people::approve, remote_people::decline,
        goals::set_goal, goals::clear_goal, goals::list, goals::year, goals::stats, genres::of_book, genres::books, recommend::similar, recommend::picks, goals::time_zone, goals::set_time_zone,
        quotes::create, quotes::of_book, quotes::of_reader, quotes::like, quotes::unlike, quotes::delete,
        lists::browse, lists::create, lists::show, lists::edit, lists::delete, lists::add_book,
        lists::remove_book, lists::vote, lists::unvote, lists::approve, lists::decline,
        lists::of_reader, lists::of_book,
        groups::browse, groups::mine, groups::create, groups::show, groups::edit, groups::delete,
        groups::join, groups::leave, groups::members, groups::set_role, groups::remove_member,
        groups::hand_over, topics::topics, topics::start_topic, topics::set_topic_state,
        topics::topic, topics::post_comment, group_shelf::set_current_book,
        group_shelf::schedule, group_shelf::add_checkpoint, group_shelf::shelf,
        group_shelf::propose, group_shelf::place, group_shelf::unshelve, group_shelf::vote,
        group_shelf::unvote, group_flags::queue, group_flags::answer,
        library::shelf, library::add_shelf, library::rename_shelf, library::delete_shelf, library::reader_reviews, library::timeline, library::friends, library::start_import, library::import_job, library::export,
        moderation::create, moderation::queue, moderation::resolve,
        registration::create, registration::list, registration::revoke,
        registration::requests, registration::decide, registration::new_accounts,
        notifications::list, notifications::groups, notifications::mark_all_read,
        notifications::preferences, notifications::set_preferences,
        series::show,
    ),
    components(schemas(super::problem::Problem, super::problem::FieldError)),
    modifiers(&Conventions),
    tags(
        (name = "accounts", description = "Signing up, tokens, leaving"),
        (name = "books", description = "The catalogue: books, editions, authors, search, covers"),
        (name = "shelves", description = "The caller's ratings, statuses, shelves, reads and progress"),
        (name = "reviews", description = "Reviews and likes"),
        (name = "comments", description = "The conversation under a review or a list"),
        (name = "people", description = "Profiles, friends, follows, blocks, the feed, notifications"),
        (name = "lists", description = "Readers' lists of books, their votes and suggestions"),
        (name = "library", description = "Shelves as lists, imports and exports"),
        (name = "groups", description = "Reading groups: members and roles, topics, read-alongs"),
        (name = "moderation", description = "Flags, moderators' merges, and books' cover history"),
    )
)]
pub struct ApiDoc;

/// What every operation shares: the bearer scheme, the problem responses,
/// and `304` for reads.
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        let problem =
            problem_response("a problem: what went wrong, a stable code, the field at fault");
        components
            .responses
            .insert("Problem".to_string(), RefOr::T(problem.build()));
        let moved = problem_response(
            "merged into another by a moderator: `Location` names the one that stays",
        )
        .header(
            "Location",
            utoipa::openapi::HeaderBuilder::new()
                .schema(String::schema())
                .build(),
        );
        components
            .responses
            .insert("Moved".to_string(), RefOr::T(moved.build()));
        for (path, item) in doc.paths.paths.iter_mut() {
            let has_id = path.contains('{');
            // Books, authors and reviews can be merged away; their old ids answer 301.
            let mergeable = ["/books/{id}", "/authors/{id}", "/reviews/{id}"]
                .iter()
                .any(|p| path.starts_with(p));
            let ops = [
                ("get", item.get.as_mut()),
                ("put", item.put.as_mut()),
                ("post", item.post.as_mut()),
                ("delete", item.delete.as_mut()),
                ("patch", item.patch.as_mut()),
            ];
            for (method, op) in ops {
                if let Some(op) = op {
                    // Handler names repeat across modules; method and path do not.
                    op.operation_id = Some(operation_id(method, path));
                    add_problems(op, method == "get", has_id, mergeable);
                }
            }
        }
    }
}

/// A response whose body is a problem.
fn problem_response(description: &str) -> ResponseBuilder {
    ResponseBuilder::new().description(description).content(
        "application/problem+json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .build(),
    )
}

/// `get` and `/books/{id}/reviews` make `get_books_id_reviews`.
fn operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("{method}_{}", words.join("_"))
}

fn add_problems(op: &mut Operation, read: bool, has_id: bool, mergeable: bool) {
    let signed_in = op
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| *r != Default::default()));
    // Any call may carry a bad query or a stale token, or be over its token's limit.
    // 403 too: a suspended reader's token, a read-only token's write, a profile
    // that is not open to the caller, a moderator's call by anyone else.
    let mut statuses = vec!["400", "401", "403", "422", "429"];
    if has_id || signed_in {
        statuses.push("404");
    }
    if mergeable {
        op.responses
            .responses
            .entry("301".to_string())
            .or_insert_with(|| RefOr::Ref(Ref::new("#/components/responses/Moved")));
    }
    if !read {
        statuses.extend(["403", "404", "409", "413", "415", "422"]);
    }
    for status in statuses {
        op.responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| RefOr::Ref(Ref::new("#/components/responses/Problem")));
    }
    if read {
        op.responses
            .responses
            .entry("304".to_string())
            .or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description("not modified: the If-None-Match tag still holds")
                        .build(),
                )
            });
    }
}

/// The document, made once.
pub fn document() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| ApiDoc::openapi().to_pretty_json().unwrap_or_default())
}

/// `GET /api/v1/openapi.json`
pub async fn json() -> Response {
    let mut response = document().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_are_method_and_path() {
        assert_eq!(
            operation_id("get", "/books/{id}/reviews"),
            "get_books_id_reviews"
        );
        assert_eq!(operation_id("post", "/tokens"), "post_tokens");
    }
}
