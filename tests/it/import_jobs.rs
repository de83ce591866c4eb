//! An import as a job: refused up front when the file is no export, queued
//! and exported from the pages, resumed after a worker dies, its upload
//! deleted once landed, and only a few queued per reader.

use serde_json::Value;

use crate::app::TestApp;
use crate::imports::{fixture, library, reader};
use dogear::actions::imports;
use dogear::import::Format;

#[tokio::test]
async fn files_that_are_no_export_are_refused_clearly() {
    for app in TestApp::all().await {
        let ann = reader(&app, "ann").await;
        let e = imports::import_file(app.store.as_ref(), &ann, b"hello,world\n1,2\n", None)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("not a Goodreads"), "{e}");
    }
}

#[tokio::test]
async fn importing_and_exporting_from_the_pages() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        assert!(ann.get("/import").await.text.contains("Bring your library"));
        let bytes = fixture("bookwyrm-storygraph.csv");
        let queued = ann
            .post_file("/import", &[("format", "")], "file", "export.csv", &bytes)
            .await;
        assert_eq!(
            queued.status,
            axum::http::StatusCode::SEE_OTHER,
            "{}: {}",
            app.backend(),
            queued.text
        );
        let job = queued.location().to_string();
        let waiting = ann.get(&job).await.text;
        assert!(
            waiting.contains("0 of 2 rows") && waiting.contains("http-equiv=\"refresh\""),
            "{waiting}"
        );
        assert_eq!(
            dogear::jobs::run_pending(app.store.as_ref()).await.unwrap(),
            1
        );
        let done = ann.get(&job).await.text;
        assert!(
            done.contains("2 of 2 rows from your storygraph export"),
            "{done}"
        );
        assert!(
            !done.contains("http-equiv=\"refresh\""),
            "no more reloading"
        );
        assert_eq!(
            app.browser().get(&job).await.status,
            axum::http::StatusCode::SEE_OTHER,
            "others can't see it"
        );
        let wrong = ann
            .post_file("/import", &[], "file", "notes.txt", b"just some notes")
            .await;
        assert_eq!(wrong.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        let forged = app
            .browser()
            .post_file("/import", &[], "file", "export.csv", &bytes)
            .await;
        assert_ne!(
            forged.status,
            axum::http::StatusCode::OK,
            "no session, no import"
        );
        let csv = ann.get("/export/goodreads.csv").await;
        assert!(
            csv.headers
                .get("content-disposition")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("attachment")
        );
        assert!(csv.text.starts_with("Book Id,Title,"));
        assert_eq!(csv.text.lines().count(), 3, "a header and two books");
        let json: Value =
            serde_json::from_str(&ann.get("/export/library.json").await.text).unwrap();
        assert_eq!(json["books"].as_array().unwrap().len(), 2);
    }
}

#[tokio::test]
async fn an_interrupted_import_resumes_without_duplicates() {
    for app in TestApp::all().await {
        let erin = reader(&app, "erin").await;
        let bytes = fixture("mapmyreads-goodreads_library_export.csv");
        let id = imports::queue(app.store.as_ref(), &erin, &bytes, None, false)
            .await
            .unwrap();
        // A worker takes the job and dies after one step.
        let now = dogear::actions::now();
        let job = app
            .store
            .claim_import_job(now, now - 60)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(job.id, id);
        imports::run_job(
            app.store.as_ref(),
            &job,
            imports::Steps { rows: 100, max: 1 },
            |_, _| {},
        )
        .await
        .unwrap();
        let halfway = app.store.import_job(id).await.unwrap().unwrap();
        assert_eq!(
            (halfway.done, halfway.state.as_str()),
            (100, "running"),
            "{}",
            app.backend()
        );
        assert!(
            app.store
                .claim_import_job(now, now - 60)
                .await
                .unwrap()
                .is_none(),
            "a live job is nobody else's"
        );
        // Its heartbeat goes stale; the next worker resumes at row 101.
        let later = now + dogear::jobs::stale_after() + 5;
        let resumed = app
            .store
            .claim_import_job(later, later - dogear::jobs::stale_after())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(resumed.done, 100);
        let summary =
            imports::run_job(app.store.as_ref(), &resumed, imports::Steps::ALL, |_, _| {})
                .await
                .unwrap();
        assert_eq!((summary.rows, summary.imported), (358, 358), "{summary}");
        assert_eq!(
            library(&app, &erin).await.as_array().unwrap().len(),
            358,
            "no duplicates"
        );
        assert_eq!(
            app.store.import_job(id).await.unwrap().unwrap().state,
            "done"
        );
        // The same file once more is a new job that changes nothing.
        let again = imports::import_file(app.store.as_ref(), &erin, &bytes, None)
            .await
            .unwrap();
        assert_eq!(again.books_created, 0);
    }
}

#[tokio::test]
async fn bad_files_get_clear_errors_and_write_nothing() {
    for app in TestApp::all().await {
        let ann = reader(&app, "ann").await;
        let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        for (name, bytes) in [
            ("binary", binary),
            ("wrong columns", b"name,colour\nann,blue\n".to_vec()),
            ("empty", Vec::new()),
        ] {
            let e = imports::import_file(app.store.as_ref(), &ann, &bytes, None)
                .await
                .unwrap_err();
            assert!(
                e.to_string().contains("not a Goodreads"),
                "{}: {name}: {e}",
                app.backend()
            );
        }
        // Broken quoting: the readable rows land, the broken one is named by its line.
        let mut broken = fixture("bookwyrm-goodreads.csv");
        broken.extend_from_slice(b"99,\"Unclosed title,Someone,\"Someone\",,=\"\",=\"\",0\n");
        let summary = imports::import_file(app.store.as_ref(), &ann, &broken, None)
            .await
            .unwrap();
        assert_eq!(summary.imported, 3, "{summary}");
        assert_eq!(
            library(&app, &ann).await.as_array().unwrap().len(),
            3,
            "nothing partial from the broken row"
        );
        // Too big for the page: refused before it is read.
        let mut browser = app.signup("big").await;
        let huge = vec![b'a'; 50 * 1024 * 1024];
        let response = browser
            .post_file("/import", &[], "file", "huge.csv", &huge)
            .await;
        assert_eq!(
            response.status,
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            app.backend()
        );
    }
}

#[tokio::test]
async fn an_upload_is_deleted_once_it_has_landed_and_a_reader_queues_a_few_at_most() {
    for app in TestApp::all().await {
        let ann = reader(&app, "ann").await;
        let goodreads = fixture("mapmyreads-goodreads_library_export.csv");
        let id = imports::queue(app.store.as_ref(), &ann, &goodreads, None, false)
            .await
            .unwrap();
        assert!(
            app.store.import_file(id).await.unwrap().is_some(),
            "{}: kept while queued",
            app.backend()
        );
        dogear::jobs::run_pending(app.store.as_ref()).await.unwrap();
        assert_eq!(
            app.store.import_file(id).await.unwrap(),
            None,
            "{}: gone once landed",
            app.backend()
        );
        let job = app.store.import_job(id).await.unwrap().unwrap();
        assert_eq!(job.state, "done", "{}", app.backend());

        // Three waiting at once; a fourth is asked to wait.
        for n in 0..imports::MAX_WAITING {
            let file = format!("Title,Author\nBook {n},Writer {n}\n");
            imports::queue(
                app.store.as_ref(),
                &ann,
                file.as_bytes(),
                Some(Format::Generic),
                false,
            )
            .await
            .unwrap();
        }
        let fourth = imports::queue(
            app.store.as_ref(),
            &ann,
            b"Title,Author\nOne more,Writer\n",
            Some(Format::Generic),
            false,
        )
        .await;
        assert!(
            matches!(fourth, Err(dogear::error::ActionError::RateLimited { .. })),
            "{}: {fourth:?}",
            app.backend()
        );
        // The same file again is the same job, not a new one.
        let again = imports::queue(
            app.store.as_ref(),
            &ann,
            b"Title,Author\nBook 0,Writer 0\n",
            Some(Format::Generic),
            false,
        )
        .await;
        assert!(again.is_ok(), "{}", app.backend());
    }
}
