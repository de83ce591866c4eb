//! Writes that race: many at once, on every backend, must lose nothing and
//! break no rule. PostgreSQL runs them side by side under READ COMMITTED;
//! SQLite serialises writers but not a read that a write depends on.

use std::sync::Arc;

use axum::http::Method;
use serde_json::json;

use crate::app::TestApp;
use crate::support::stores;
use dogear::store::{NewUser, Store, User};

/// Waits for every spawned task, which all run at once.
async fn join_all<T>(
    tasks: impl IntoIterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<Result<T, tokio::task::JoinError>> {
    let tasks: Vec<_> = tasks.into_iter().collect();
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(task.await);
    }
    out
}

fn new_user(name: &str) -> NewUser {
    NewUser {
        username: name.into(),
        username_key: name.into(),
        display_name: name.into(),
        password_hash: "x".into(),
        appoint: dogear::store::Appoint::AdminIfNone,
        now: 1,
    }
}

async fn user(store: &Store, name: &str) -> User {
    store.create_user(&new_user(name)).await.unwrap()
}

/// A reader, a book and a review of it, through the API.
async fn reviewed(app: &TestApp, reader: &str) -> (String, i64) {
    let token = app.api_user(reader).await;
    let book = app
        .book(&token, "The Dispossessed", "Ursula K. Le Guin")
        .await;
    let review = crate::app::ok(
        app,
        Method::PUT,
        &format!("/api/v1/books/{book}/review"),
        &token,
        json!({"body": "Anarres and Urras."}),
    )
    .await;
    (token, review["id"].as_i64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_tabs_marking_pages_seen_at_once_lose_no_marks() {
    for app in TestApp::all().await {
        let (_, review) = reviewed(&app, "ann").await;
        let reader = app.store.user_by_username("ann").await.unwrap().unwrap();
        for round in 0..5 {
            let review = if round == 0 {
                review
            } else {
                reviewed(&app, &format!("rev{round}")).await.1
            };
            let marks = (0..20).map(|page| {
                let store = app.store.clone();
                tokio::spawn(async move {
                    let first = page * 10 + 1;
                    store
                        .mark_thread_seen(
                            reader.id,
                            dogear::domain::thread::Thread::Review(review),
                            first,
                            first + 9,
                            5,
                        )
                        .await
                })
            });
            for mark in join_all(marks).await {
                mark.unwrap().unwrap();
            }
            let seen = app
                .store
                .mark_thread_seen(
                    reader.id,
                    dogear::domain::thread::Thread::Review(review),
                    1,
                    1,
                    6,
                )
                .await
                .unwrap();
            let lost: Vec<i64> = (1..=200).filter(|n| !seen.contains(*n)).collect();
            assert!(
                lost.is_empty(),
                "{} round {round}: lost seen marks {lost:?}",
                app.backend()
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_readers_asking_each_other_at_once_become_friends() {
    for store in stores().await {
        for pair in 0..20 {
            let a = user(&store, &format!("a{pair}")).await;
            let b = user(&store, &format!("b{pair}")).await;
            let (one, other) = (store.clone(), store.clone());
            let (ab, ba) = tokio::join!(
                tokio::spawn(async move { one.request_friend(a.id, b.id, 10).await }),
                tokio::spawn(async move { other.request_friend(b.id, a.id, 10).await }),
            );
            ab.unwrap().unwrap();
            ba.unwrap().unwrap();
            let relation = store.relation(a.id, b.id).await.unwrap();
            assert!(
                relation.friends && !relation.request_sent && !relation.request_received,
                "{} pair {pair}: {relation:?}",
                store.backend()
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_many_first_sign_ups_at_once_one_moderates() {
    for _ in 0..3 {
        for store in stores().await {
            let signups = (0..12).map(|i| {
                let store: Arc<Store> = store.clone();
                tokio::spawn(async move { user(&store, &format!("first{i}")).await })
            });
            let users: Vec<User> = join_all(signups)
                .await
                .into_iter()
                .map(|u| u.unwrap())
                .collect();
            let moderators = users.iter().filter(|u| u.is_moderator).count();
            assert_eq!(moderators, 1, "{}", store.backend());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_comments_stops_at_the_rate_limit() {
    let apps = TestApp::all_with(|settings| settings.comments_per_minute = 5).await;
    for app in apps {
        let (token, review) = reviewed(&app, "ann").await;
        let posts = (0..30).map(|i| {
            let (router, token) = (app.router.clone(), token.clone());
            let body = json!({"body": format!("comment {i}")}).to_string();
            tokio::spawn(async move {
                let request =
                    axum::http::Request::post(format!("/api/v1/reviews/{review}/comments"))
                        .header("authorization", format!("Bearer {token}"))
                        .header("content-type", "application/json")
                        .body(axum::body::Body::from(body))
                        .unwrap();
                use tower::ServiceExt;
                router.oneshot(request).await.unwrap().status()
            })
        });
        let statuses: Vec<u16> = join_all(posts)
            .await
            .into_iter()
            .map(|s| s.unwrap().as_u16())
            .collect();
        let posted = statuses.iter().filter(|s| **s == 201).count();
        let limited = statuses.iter().filter(|s| **s == 429).count();
        assert_eq!(
            (posted, limited),
            (5, 25),
            "{}: {statuses:?}",
            app.backend()
        );
    }
}
