//! `dogear user ...`: adding, listing, suspending and removing readers, and
//! setting a password, from the command line.

use std::io::{BufRead, IsTerminal, Write};

use clap::Subcommand;
use dogear::actions::{admin, email, operator};
use dogear::store::Store;

use super::say;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a reader, whatever the registration mode; asks for the password.
    Add {
        username: String,
        /// Their email address, taken as theirs (proved) since an admin gives it.
        #[arg(long, value_name = "E")]
        email: Option<String>,
        /// Make them an admin.
        #[arg(long)]
        admin: bool,
        /// Read the password from the first line of standard input instead of asking.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Every account: name, role, when it joined, and whether it is suspended.
    List,
    /// Set a reader's password (asks for it) and sign them out everywhere.
    Password {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Suspend an account: it can read but not sign in or write.
    Suspend { username: String },
    /// Give a suspended account back.
    Unsuspend { username: String },
    /// Delete an account and everything theirs; its name stays retired for 90 days.
    Delete {
        username: String,
        /// Do not ask "are you sure?".
        #[arg(long)]
        yes: bool,
    },
}

pub async fn run(store: &Store, command: UserCommand) -> Result<(), String> {
    let err = |e: dogear::error::ActionError| e.to_string();
    match command {
        UserCommand::Add {
            username,
            email,
            admin,
            password_stdin,
        } => {
            // A bad or taken address is refused before any account is made.
            let address = match &email {
                Some(given) => Some(
                    email::free_address(store, given)
                        .await
                        .map_err(|e| format!("--email {given}: {e}"))?,
                ),
                None => None,
            };
            let password = password(password_stdin, &format!("password for {username}"))?;
            let user = operator::add_user(store, &username, &password, admin)
                .await
                .map_err(err)?;
            let role = if admin { "an admin" } else { "a reader" };
            say(&format!("{} is {role} now\n", user.username));
            if let Some(address) = address {
                email::set_address_by_admin(store, &user, &address)
                    .await
                    .map_err(|e| {
                        format!(
                            "{} was made without an address: --email: {e}",
                            user.username
                        )
                    })?;
                say(&format!(
                    "{} has the address {} (given by an admin, so taken as proved)\n",
                    user.username,
                    address.as_str()
                ));
            }
        }
        UserCommand::List => {
            let accounts = operator::list(store).await.map_err(err)?;
            say("username\trole\tjoined\tsuspended\n");
            for a in accounts {
                let role = match (a.invited_by.as_deref(), a.is_moderator) {
                    (Some("admin"), _) => "admin",
                    (_, true) => "moderator",
                    _ => "reader",
                };
                let joined = dogear::domain::dates::rfc3339(a.created_at)
                    .chars()
                    .take(10)
                    .collect::<String>();
                let suspended = if a.suspended { "suspended" } else { "" };
                say(&format!("{}\t{role}\t{joined}\t{suspended}\n", a.username));
            }
        }
        UserCommand::Password {
            username,
            password_stdin,
        } => {
            let user = operator::find(store, &username).await.map_err(err)?;
            let password = password(password_stdin, &format!("new password for {username}"))?;
            operator::set_password(store, &user, &password)
                .await
                .map_err(err)?;
            say(&format!(
                "{} has a new password and is signed out everywhere\n",
                user.username
            ));
        }
        UserCommand::Suspend { username } => suspend(store, &username, true).await?,
        UserCommand::Unsuspend { username } => suspend(store, &username, false).await?,
        UserCommand::Delete { username, yes } => {
            let user = operator::find(store, &username).await.map_err(err)?;
            if !yes && !confirm(&format!("delete {} and everything theirs?", user.username))? {
                return Err("nothing deleted".into());
            }
            operator::delete_user(store, &user).await.map_err(err)?;
            say(&format!("{} is deleted\n", user.username));
        }
    }
    Ok(())
}

pub(super) async fn suspend(store: &Store, username: &str, on: bool) -> Result<(), String> {
    let user = operator::find(store, username)
        .await
        .map_err(|e| e.to_string())?;
    admin::operator_suspend(store, &user, on)
        .await
        .map_err(|e| e.to_string())?;
    let done = if on {
        "is suspended"
    } else {
        "is no longer suspended"
    };
    say(&format!("{} {done}\n", user.username));
    Ok(())
}

/// The password: from standard input's first line, or asked twice on the terminal, unechoed.
fn password(from_stdin: bool, what: &str) -> Result<String, String> {
    let stdin = std::io::stdin();
    if from_stdin {
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password: {e}"))?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    if !stdin.is_terminal() {
        return Err("no terminal to ask for the password on: give it with --password-stdin".into());
    }
    let first = ask_hidden(&format!("{what}: "))?;
    let again = ask_hidden("the same again: ")?;
    if first != again {
        return Err("the two passwords differ; nothing changed".into());
    }
    Ok(first)
}

fn confirm(question: &str) -> Result<bool, String> {
    if !std::io::stdin().is_terminal() {
        return Err("no terminal to ask on: add --yes to delete without asking".into());
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes"))
}

/// Reads a line from the terminal with its echo off, and turns the echo back on.
fn ask_hidden(prompt: &str) -> Result<String, String> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let echo_was = echo(false);
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    if let Some(saved) = echo_was {
        restore_echo(saved);
    }
    eprintln!();
    read.map_err(|e| format!("cannot read the password: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

#[cfg(unix)]
fn echo(on: bool) -> Option<libc::termios> {
    // SAFETY: tcgetattr fills the struct we own; tcsetattr only reads it.
    unsafe {
        let mut term: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut term) != 0 {
            return None;
        }
        let saved = term;
        if on {
            term.c_lflag |= libc::ECHO;
        } else {
            term.c_lflag &= !libc::ECHO;
        }
        libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &term);
        Some(saved)
    }
}

#[cfg(unix)]
fn restore_echo(saved: libc::termios) {
    // SAFETY: the struct is the one tcgetattr filled.
    unsafe {
        libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &saved);
    }
}

#[cfg(not(unix))]
fn echo(_on: bool) -> Option<()> {
    None
}

#[cfg(not(unix))]
fn restore_echo(_saved: ()) {}
