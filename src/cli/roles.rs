//! `dogear admin ...`: roles and suspensions from the command line.

use clap::Subcommand;
use dogear::store::Store;

use super::find_reader;

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Make a reader an admin (above moderators), or with --moderator a moderator.
    Grant {
        username: String,
        /// Only moderation: flags, removals, suspending readers, merges.
        #[arg(long)]
        moderator: bool,
    },
    /// Take every role away from a reader.
    Revoke { username: String },
    /// Suspend an account: it can read but not sign in or write.
    Suspend { username: String },
    /// Give a suspended account back.
    Unsuspend { username: String },
}

pub async fn run(store: &Store, command: AdminCommand) -> Result<(), String> {
    use dogear::actions::admin;
    use dogear::domain::roles::Role;
    let (name, done) = match command {
        AdminCommand::Grant {
            username,
            moderator,
        } => {
            let role = if moderator {
                Role::Moderator
            } else {
                Role::Admin
            };
            let reader = find_reader(store, &username).await?;
            admin::set_role(store, &reader, role)
                .await
                .map_err(|e| e.to_string())?;
            (
                username,
                format!(
                    "is now {} {}",
                    if moderator { "a" } else { "an" },
                    role.name()
                ),
            )
        }
        AdminCommand::Revoke { username } => {
            let reader = find_reader(store, &username).await?;
            admin::set_role(store, &reader, Role::Reader)
                .await
                .map_err(|e| e.to_string())?;
            (username, "is now a reader, with no role".to_string())
        }
        AdminCommand::Suspend { username } => {
            return super::users::suspend(store, &username, true).await;
        }
        AdminCommand::Unsuspend { username } => {
            return super::users::suspend(store, &username, false).await;
        }
    };
    println!("{name} {done}");
    Ok(())
}
