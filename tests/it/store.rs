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
