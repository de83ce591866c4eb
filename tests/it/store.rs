//! The storage conformance suite: one story, every backend.

use crate::support::stores;
use dogear::store::NewUser;

#[tokio::test]
async fn users_are_created_and_found_case_insensitively() {
    for store in stores().await {
        let new = NewUser {
            username: "Helen".into(),
            username_key: "helen".into(),
            display_name: "Helen".into(),
            password_hash: "x".into(),
            appoint: dogear::store::Appoint::AdminIfNone,
            now: 1,
        };
        let helen = store.create_user(&new).await.unwrap();
        assert!(
            helen.is_moderator,
            "{}: the first account moderates",
            store.backend()
        );
        let found = store.user_by_username("helen").await.unwrap().unwrap();
        assert_eq!(found.id, helen.id);
        let again = store.create_user(&new).await;
        assert!(
            matches!(again, Err(dogear::store::StoreError::Conflict(_))),
            "{}",
            store.backend()
        );
    }
}

#[tokio::test]
async fn a_site_secret_is_the_first_one_kept_even_when_nodes_start_at_once() {
    for store in stores().await {
        let candidates: Vec<String> = (0..8).map(|i| format!("{i:064}")).collect();
        let kept = ask_at_once(&store, &candidates).await;
        assert!(
            kept.iter().all(|k| k == &kept[0]) && candidates.contains(&kept[0]),
            "{}: {kept:?}",
            store.backend()
        );
        let later = store.site_secret("csrf", "another").await.unwrap();
        assert_eq!(later, kept[0], "{}", store.backend());
        let other = store.site_secret("other", "its own").await.unwrap();
        assert_eq!(other, "its own", "{}: names are apart", store.backend());
    }
}

/// Asks for one secret with each candidate, all at once.
async fn ask_at_once(
    store: &std::sync::Arc<dogear::store::Store>,
    candidates: &[String],
) -> Vec<String> {
    let tasks: Vec<_> = candidates
        .iter()
        .map(|c| {
            let (store, c) = (store.clone(), c.clone());
            tokio::spawn(async move { store.site_secret("csrf", &c).await.unwrap() })
        })
        .collect();
    let mut kept = Vec::new();
    for task in tasks {
        kept.push(task.await.unwrap());
    }
    kept
}
