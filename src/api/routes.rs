//! The one table of `/api/v1` routes.

use axum::Router;
use axum::routing::{delete, get, post, put};

use super::{
    Problem, accounts, bookdata, books, comments, covers, editions, genres, goals, group_flags,
    group_shelf, groups, library, lists, moderation, notifications, openapi, people, quotes,
    recommend, registration, remote_people, reviews, topics,
};
use crate::AppState;

async fn not_found() -> Problem {
    Problem::new(
        404,
        "not_found",
        "no such API route; see /api/v1 in the documentation",
    )
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/accounts", post(accounts::create))
        .route(
            "/accounts/me",
            get(accounts::me).delete(accounts::delete_me),
        )
        .route(
            "/tokens",
            post(accounts::create_token).get(accounts::list_tokens),
        )
        .route(
            "/tokens/{id}",
            axum::routing::delete(accounts::revoke_token),
        )
        .route("/search", get(books::search))
        .route("/books", post(books::create))
        .route("/bookdata/lookup", get(bookdata::lookup))
        .route("/bookdata/add", post(bookdata::add))
        .route("/books/{id}", get(books::show))
        .route("/books/{id}/mine", get(books::mine))
        .route(
            "/books/{id}/editions",
            get(editions::list).post(editions::create),
        )
        .route("/books/{id}/edition", put(editions::set_mine))
        .route("/books/{id}/merge", post(editions::merge_books))
        .route(
            "/books/{id}/cover",
            put(covers::set_cover).layer(axum::extract::DefaultBodyLimit::max(
                crate::domain::cover::MAX_UPLOAD_BYTES + 1024,
            )),
        )
        .route("/books/{id}/covers", get(covers::history))
        .route("/books/{id}/covers/{n}/image", get(covers::history_image))
        .route("/books/{id}/covers/{n}/restore", post(covers::restore))
        .route("/editions/{id}", get(editions::show))
        .route("/books/{id}/friends", get(people::book_friends))
        .route("/users/{username}", get(people::profile))
        .route(
            "/users/{username}/friend",
            post(people::request_friend).delete(people::end_friendship),
        )
        .route(
            "/users/{username}/friend/accept",
            post(people::accept_friend),
        )
        .route(
            "/users/{username}/follow",
            put(people::follow).delete(people::unfollow),
        )
        .route(
            "/users/{username}/block",
            put(people::block).delete(people::unblock),
        )
        .route("/me/friends", get(people::my_friends))
        .route("/me/profile", put(people::set_profile))
        .route(
            "/me/avatar",
            put(people::set_avatar).delete(people::remove_avatar).layer(
                axum::extract::DefaultBodyLimit::max(crate::domain::cover::MAX_UPLOAD_BYTES + 1024),
            ),
        )
        .route("/feed", get(people::feed))
        .route("/people", get(people::search))
        .route("/people/remote", get(remote_people::find))
        .route("/people/remote/{id}", get(remote_people::show))
        .route("/people/remote/followers", get(remote_people::followers))
        .route(
            "/people/remote/{id}/follower",
            put(remote_people::approve).delete(remote_people::decline),
        )
        .route(
            "/people/remote/{id}/follow",
            put(remote_people::follow).delete(remote_people::unfollow),
        )
        .route("/authors/{id}", get(editions::author))
        .route("/authors/{id}/merge", post(editions::merge_authors))
        .route(
            "/books/{id}/rating",
            put(books::rate).delete(books::clear_rating),
        )
        .route(
            "/books/{id}/status",
            put(books::set_status).delete(books::clear_status),
        )
        .route("/books/{id}/shelves", put(books::set_shelves))
        .route("/books/{id}/reads", post(books::add_read))
        .route("/books/{id}/progress", post(books::add_progress))
        .route("/books/{id}/review", put(reviews::put_review))
        .route("/books/{id}/reviews", get(books::reviews))
        .route(
            "/reviews/{id}",
            get(reviews::show).delete(reviews::delete_review),
        )
        .route(
            "/reviews/{id}/like",
            put(reviews::like).delete(reviews::unlike),
        )
        .route(
            "/reviews/{id}/comments",
            get(comments::list).post(comments::create),
        )
        .route(
            "/comments/{id}",
            get(comments::show)
                .patch(comments::edit)
                .delete(comments::delete),
        )
        .route("/flags", get(moderation::queue).post(moderation::create))
        .route("/flags/{id}/resolve", post(moderation::resolve))
        .route(
            "/invites",
            get(registration::list).post(registration::create),
        )
        .route("/invites/{id}", delete(registration::revoke))
        .route("/registration-requests", get(registration::requests))
        .route("/registration-requests/{id}", post(registration::decide))
        .route("/new-accounts", get(registration::new_accounts))
        .route("/notifications", get(notifications::list))
        .route("/notifications/groups", get(notifications::groups))
        .route("/notifications/read", post(notifications::mark_all_read))
        .route(
            "/me/notification-preferences",
            get(notifications::preferences).put(notifications::set_preferences),
        )
        .route("/users/{username}/shelves/{shelf}", get(library::shelf))
        .route("/users/{username}/reviews", get(library::reader_reviews))
        .route("/users/{username}/timeline", get(library::timeline))
        .route("/users/{username}/goals", get(goals::list))
        .route("/users/{username}/years/{year}", get(goals::year))
        .route("/users/{username}/stats", get(goals::stats))
        .route("/books/{id}/genres", get(genres::of_book))
        .route("/genres/{slug}", get(genres::books))
        .route("/series/{name}", get(super::series::show))
        .route("/books/{id}/similar", get(recommend::similar))
        .route(
            "/me/time-zone",
            get(goals::time_zone).put(goals::set_time_zone),
        )
        .route("/recommendations", get(recommend::picks))
        .route("/users/{username}/quotes", get(quotes::of_reader))
        .route(
            "/books/{id}/quotes",
            get(quotes::of_book).post(quotes::create),
        )
        .route(
            "/quotes/{id}/like",
            put(quotes::like).delete(quotes::unlike),
        )
        .route("/quotes/{id}", delete(quotes::delete))
        .route("/groups", get(groups::browse).post(groups::create))
        .route("/groups/mine", get(groups::mine))
        .route(
            "/groups/{id}",
            get(groups::show).patch(groups::edit).delete(groups::delete),
        )
        .route("/groups/{id}/join", post(groups::join))
        .route("/groups/{id}/leave", post(groups::leave))
        .route("/groups/{id}/owner", post(groups::hand_over))
        .route("/groups/{id}/members", get(groups::members))
        .route(
            "/groups/{id}/members/{user_id}",
            put(groups::set_role).delete(groups::remove_member),
        )
        .route(
            "/groups/{id}/topics",
            get(topics::topics).post(topics::start_topic),
        )
        .route(
            "/groups/{id}/current-book",
            put(group_shelf::set_current_book),
        )
        .route(
            "/groups/{id}/schedule",
            get(group_shelf::schedule).post(group_shelf::add_checkpoint),
        )
        .route("/groups/{id}/flags", get(group_flags::queue))
        .route("/groups/{id}/flags/{flag_id}", post(group_flags::answer))
        .route(
            "/groups/{id}/shelf",
            get(group_shelf::shelf).post(group_shelf::propose),
        )
        .route(
            "/groups/{id}/shelf/{book_id}",
            put(group_shelf::place).delete(group_shelf::unshelve),
        )
        .route(
            "/groups/{id}/shelf/{book_id}/vote",
            put(group_shelf::vote).delete(group_shelf::unvote),
        )
        .route(
            "/topics/{id}",
            get(topics::topic).patch(topics::set_topic_state),
        )
        .route("/topics/{id}/comments", post(topics::post_comment))
        .route("/lists", get(lists::browse).post(lists::create))
        .route(
            "/lists/{id}",
            get(lists::show).patch(lists::edit).delete(lists::delete),
        )
        .route("/lists/{id}/books", post(lists::add_book))
        .route(
            "/lists/{id}/comments",
            get(comments::of_list).post(comments::create_on_list),
        )
        .route("/lists/{id}/books/{book_id}", delete(lists::remove_book))
        .route(
            "/lists/{id}/books/{book_id}/vote",
            put(lists::vote).delete(lists::unvote),
        )
        .route("/lists/{id}/books/{book_id}/approve", post(lists::approve))
        .route("/lists/{id}/books/{book_id}/decline", post(lists::decline))
        .route("/users/{username}/lists", get(lists::of_reader))
        .route("/books/{id}/lists", get(lists::of_book))
        .route(
            "/me/goals/{year}",
            put(goals::set_goal).delete(goals::clear_goal),
        )
        .route("/me/shelves", post(library::add_shelf))
        .route(
            "/me/shelves/{slug}",
            axum::routing::patch(library::rename_shelf).delete(library::delete_shelf),
        )
        .route("/users/{username}/friends", get(library::friends))
        .route(
            "/imports",
            post(library::start_import).layer(axum::extract::DefaultBodyLimit::max(
                crate::web::pages::library::MAX_UPLOAD,
            )),
        )
        .route("/imports/{id}", get(library::import_job))
        .route("/export", get(library::export))
        .route("/openapi.json", get(openapi::json))
        .fallback(not_found)
}
