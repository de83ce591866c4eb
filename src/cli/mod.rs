//! The bodies of the operator's commands: accounts, backups and checks.

pub mod backups;
pub mod check;
pub mod roles;
pub mod users;

/// Writes to standard output; a closed pipe (`| head`) is no error.
pub fn say(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// The reader with this name, or an error saying there is none.
pub async fn find_reader(
    store: &dogear::store::Store,
    name: &str,
) -> Result<dogear::store::User, String> {
    store
        .user_by_username(&dogear::domain::username::key(name))
        .await
        .map_err(|e| e.to_string())?
        .ok_or(format!("there is no reader called {name}"))
}
