//! The one table of HTML routes: find a page by its URL here.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use super::pages::{
    accounts, admin, authors, bookdata, books, covers, editions, email, federation, feeds, genres,
    group_admin, group_feed, group_flags, group_members, group_shelf, groups, home, library,
    list_feed, lists, moderation, notifications, people, quotes, reference, registration,
    remote_people, reviews, search, settings, topics, users, years,
};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/signup", get(accounts::signup_form).post(accounts::signup))
        .route("/signup/requested", get(registration::requested))
        .route("/join/{code}", get(registration::join))
        .route(
            "/invites",
            get(registration::invites).post(registration::create_invite),
        )
        .route("/invites/{id}/revoke", post(registration::revoke_invite))
        .route("/admin/requests", get(registration::requests))
        .route("/admin/requests/{id}/approve", post(registration::approve))
        .route("/admin/requests/{id}/refuse", post(registration::refuse))
        .route("/moderation/new-accounts", get(registration::new_accounts))
        .route(
            "/moderation/new-accounts/{name}/suspend",
            post(registration::suspend),
        )
        .route(
            "/moderation/new-accounts/{name}/unsuspend",
            post(registration::unsuspend),
        )
        .route("/signin", get(accounts::signin_form).post(accounts::signin))
        .route("/signout", post(accounts::signout))
        .route("/forgot", get(email::forgot_form).post(email::forgot))
        .route("/reset", get(email::reset_form).post(email::reset))
        .route("/email/verify", get(email::verify))
        .route("/email/change", get(email::change_form).post(email::change))
        .route(
            "/unsubscribe",
            get(email::unsubscribe_form).post(email::unsubscribe),
        )
        .route("/settings/email", post(email::give_address))
        .route("/settings/email/remove", post(email::remove_address))
        .route("/settings/mail", post(email::set_mail))
        .route("/search", get(search::search))
        .route("/api", get(reference::show))
        .route("/books", get(search::catalogue).post(books::create))
        .route("/books/new", get(books::new_form))
        .route("/books/lookup", get(bookdata::lookup).post(bookdata::add))
        .route("/books/{id}", get(books::show))
        .route("/books/{id}/rating", post(books::rate))
        .route("/books/{id}/rating/clear", post(books::clear_rating))
        .route("/books/{id}/status", post(books::set_status))
        .route("/books/{id}/shelves", post(books::set_shelves))
        .route("/books/{id}/shelves/new", post(books::new_shelf))
        .route("/books/{id}/reads", post(books::add_read))
        .route("/books/{id}/progress", post(books::add_progress))
        .route("/books/{id}/editions", post(editions::add))
        .route("/books/{id}/edition", post(editions::set_mine))
        .route("/books/{id}/merge", post(editions::merge_book))
        .route("/editions/{id}", get(editions::show))
        .route(
            "/books/{id}/cover",
            post(covers::upload).layer(DefaultBodyLimit::max(covers::MAX_REQUEST)),
        )
        .route("/covers/{id}/{file}", get(covers::serve))
        .route("/books/{id}/covers", get(covers::history))
        .route("/books/{id}/covers/{n}/image", get(covers::history_image))
        .route("/books/{id}/covers/{n}/restore", post(covers::restore))
        .route("/feeds/users/{username}/{file}", get(feeds::reader_reviews))
        .route(
            "/feeds/users/{username}/shelves/{file}",
            get(feeds::reader_shelf),
        )
        .route("/feeds/reviews/{file}", get(feeds::review_comments))
        .route("/feeds/books/{file}", get(feeds::book_reviews))
        .route("/authors/{id}/merge", post(editions::merge_author))
        .route(
            "/books/{id}/review",
            get(reviews::edit_form).post(reviews::save),
        )
        .route("/reviews/{id}", get(reviews::show))
        .route("/reviews/{id}/like", post(reviews::like))
        .route("/reviews/{id}/unlike", post(reviews::unlike))
        .route("/reviews/{id}/delete", post(reviews::delete))
        .route("/reviews/{id}/comments", post(reviews::post_comment))
        .route(
            "/comments/{id}/edit",
            get(reviews::edit_comment_form).post(reviews::edit_comment),
        )
        .route("/comments/{id}/delete", post(reviews::delete_comment))
        .route("/users/{username}", get(users::show))
        .route("/users/{username}/shelves/{shelf}", get(users::shelf))
        .route("/shelves", post(users::add_shelf))
        .route("/shelves/{slug}/rename", post(users::rename_shelf))
        .route("/shelves/{slug}/delete", post(users::delete_shelf))
        .route("/users/{username}/years/{year}", get(years::show))
        .route("/users/{username}/stats", get(years::stats))
        .route("/genres/{slug}", get(genres::show))
        .route("/users/{username}/quotes", get(quotes::of_reader))
        .route("/books/{id}/quotes", post(quotes::add))
        .route("/quotes/{id}/like", post(quotes::like))
        .route("/quotes/{id}/unlike", post(quotes::unlike))
        .route("/quotes/{id}/delete", post(quotes::delete))
        .route("/goals", post(years::set_goal))
        .route("/groups", get(groups::browse).post(groups::create))
        .route("/groups/{id}", get(groups::show))
        .route("/groups/{id}/join", post(groups::join))
        .route("/groups/{id}/leave", post(groups::leave))
        .route("/groups/{id}/members", get(group_members::members))
        .route(
            "/groups/{id}/members/{user_id}/role",
            post(group_members::set_role),
        )
        .route(
            "/groups/{id}/members/{user_id}/remove",
            post(group_members::remove),
        )
        .route(
            "/groups/{id}/members/{user_id}/owner",
            post(group_members::hand_over),
        )
        .route(
            "/groups/{id}/edit",
            get(group_admin::edit_form).post(group_admin::update),
        )
        .route("/groups/{id}/delete", post(group_admin::delete))
        .route("/groups/{id}/flags", get(group_flags::queue))
        .route("/groups/{id}/flags/{flag_id}", post(group_flags::answer))
        .route("/groups/{id}/topics", post(groups::start_topic))
        .route("/groups/{id}/shelf", post(group_shelf::propose))
        .route("/groups/{id}/shelf/{book_id}/vote", post(group_shelf::vote))
        .route(
            "/groups/{id}/shelf/{book_id}/place",
            post(group_shelf::place),
        )
        .route(
            "/groups/{id}/current-book",
            post(group_shelf::set_current_book),
        )
        .route("/groups/{id}/schedule", post(group_shelf::add_checkpoint))
        .route("/feeds/groups/{file}", get(group_feed::group_topics))
        .route("/topics/{id}", get(topics::show))
        .route("/topics/{id}/state", post(group_admin::topic_state))
        .route("/topics/{id}/comments", post(topics::post_comment))
        .route("/lists", get(lists::browse).post(lists::create))
        .route("/lists/new", get(lists::new_form))
        .route("/lists/{id}", get(lists::show))
        .route("/lists/{id}/edit", get(lists::edit_form).post(lists::edit))
        .route("/lists/{id}/delete", post(lists::delete))
        .route("/lists/{id}/books", post(lists::add_book))
        .route(
            "/lists/{id}/comments",
            get(lists::comments).post(lists::post_comment),
        )
        .route("/lists/{id}/books/{book_id}/vote", post(lists::vote))
        .route("/lists/{id}/books/{book_id}/unvote", post(lists::unvote))
        .route(
            "/lists/{id}/books/{book_id}/remove",
            post(lists::remove_book),
        )
        .route("/lists/{id}/books/{book_id}/approve", post(lists::approve))
        .route("/lists/{id}/books/{book_id}/decline", post(lists::decline))
        .route("/users/{username}/lists", get(lists::of_reader))
        .route("/feeds/lists/{file}", get(list_feed::list_books))
        .route("/authors/{id}", get(authors::show))
        .route("/series/{name}", get(super::pages::series::show))
        .route("/users/{username}/relation", post(people::relation))
        .route("/friends", get(people::friends))
        .route("/settings/profile", post(people::save_profile))
        .route("/settings/tokens", post(settings::create_token))
        .route("/settings/tokens/{id}/revoke", post(settings::revoke_token))
        .route("/settings/password", post(settings::change_password))
        .route("/settings/time-zone", post(settings::set_time_zone))
        .route("/settings/notifications", post(settings::set_notifications))
        .route("/settings/theme", post(settings::set_theme))
        .route(
            "/settings/sessions/end",
            post(settings::sign_out_everywhere),
        )
        .route("/users/{username}/avatar", get(people::avatar))
        .route(
            "/settings/avatar",
            post(people::upload_avatar).layer(DefaultBodyLimit::max(covers::MAX_REQUEST)),
        )
        .route("/reviews/{id}/flag", get(moderation::flag_review_form))
        .route("/comments/{id}/flag", get(moderation::flag_comment_form))
        .route("/flags", post(moderation::flag))
        .route("/moderation", get(moderation::queue))
        .route("/moderation/duplicates", get(moderation::duplicates))
        .route("/moderation/federation", get(federation::queue))
        .route("/moderation/federation/blocks", post(federation::block))
        .route(
            "/moderation/federation/blocks/remove",
            post(federation::unblock),
        )
        .route("/moderation/flags/{id}/remove", post(moderation::remove))
        .route("/moderation/flags/{id}/dismiss", post(moderation::dismiss))
        .route("/moderation/flags/{id}/suspend", post(moderation::suspend))
        .route("/notifications", get(notifications::list))
        .route("/notifications/read", post(notifications::mark_all_read))
        .route("/people", get(people::search))
        .route("/people/{handle}", get(remote_people::by_handle))
        .route("/people/remote/{id}", get(remote_people::show))
        .route(
            "/people/remote/{id}/relation",
            post(remote_people::relation),
        )
        .route(
            "/people/remote/{id}/follower",
            post(remote_people::follower),
        )
        .route(
            "/import",
            get(library::form)
                .post(library::import)
                .layer(DefaultBodyLimit::max(library::MAX_UPLOAD)),
        )
        .route("/import/jobs/{id}", get(library::job))
        .route("/export/goodreads.csv", get(library::export_goodreads))
        .route("/export/storygraph.csv", get(library::export_storygraph))
        .route("/export/bookwyrm.csv", get(library::export_bookwyrm))
        .route("/export/library.json", get(library::export_json))
        .route("/settings", get(settings::settings))
        .route("/settings/delete", post(settings::delete_account))
        .route("/setup", get(admin::setup_form).post(admin::set_up))
        .route("/admin/log", get(admin::log))
        .route("/admin/users/{username}/unsuspend", post(admin::unsuspend))
}
