//! A reader's profile: a picture or drawn initials, a bio, and a reading timeline.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{TestApp, ok, png};
use crate::social::{call, signin};

#[tokio::test]
async fn a_profile_has_a_picture_or_initials_a_bio_and_a_reading_timeline() {
    for app in TestApp::all().await {
        let helen = app.api_user("helen").await;
        let drawn = app.browser().get("/users/helen/avatar").await;
        assert_eq!(drawn.content_type(), "image/svg+xml", "{}", app.backend());
        assert!(drawn.text.contains(">H<"), "{}", drawn.text);

        let put = app
            .api_bytes(
                Method::PUT,
                "/api/v1/me/avatar",
                Some(&helen),
                "image/png",
                png(500, 300),
            )
            .await;
        assert_eq!(put.status, StatusCode::NO_CONTENT, "{}", put.text);
        let picture = app.browser().get("/users/helen/avatar").await;
        assert_eq!(picture.content_type(), "image/jpeg");
        let decoded = image::load_from_memory(&picture.bytes).unwrap();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (256, 256),
            "the middle square"
        );
        let bad = app
            .api_bytes(
                Method::PUT,
                "/api/v1/me/avatar",
                Some(&helen),
                "image/png",
                b"not an image".to_vec(),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text.contains("\"field\":\"avatar\""), "{}", bad.text);
        let (status, _) = call(&app, Method::DELETE, "/api/v1/me/avatar", &helen).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.browser()
                .get("/users/helen/avatar")
                .await
                .content_type(),
            "image/svg+xml"
        );
        let mut browser = signin(&app, "helen").await;
        let posted = browser
            .post_file("/settings/avatar", &[], "avatar", "me.png", &png(64, 64))
            .await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.text);
        assert_eq!(
            app.browser()
                .get("/users/helen/avatar")
                .await
                .content_type(),
            "image/jpeg"
        );

        // Bio and privacy from the settings form; progress on the profile.
        let saved = browser
            .post_form(
                "/settings/profile",
                &[
                    ("visibility", "public"),
                    ("bio", "Slow reader, long reviews."),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let book = app.book(&helen, "Middlemarch", "George Eliot").await;
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/books/{book}/progress"),
            &helen,
            json!({"page": 120}),
        )
        .await;
        let profile = app.browser().get("/users/helen").await.text;
        assert!(profile.contains("Slow reader, long reviews."));
        assert!(
            profile.contains("Reading progress") && profile.contains("page 120"),
            "{profile}"
        );
        assert!(profile.contains("/users/helen/avatar"));
    }
}
