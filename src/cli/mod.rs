//! The bodies of the operator's commands: accounts and backups.

pub mod backups;
pub mod users;

/// Writes to standard output; a closed pipe (`| head`) is no error.
pub fn say(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().write_all(text.as_bytes());
}
