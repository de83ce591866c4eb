//! One typed set of settings: command-line flags over `DOGEAR_*` variables
//! over the configuration file (`dogear.toml`) over defaults.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, Args, CommandFactory, FromArgMatches};

use crate::domain::public_url::PublicUrl;
use crate::domain::registration::Mode;

/// Settings every command shares.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// The configuration file: `KEY = VALUE` lines, one per setting below (the long flag's name,
    /// with `_` or `-`). Unset, `dogear.toml` in the working folder is read when there is one.
    #[arg(long, global = true, env = "DOGEAR_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The address `serve` listens on.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_LISTEN",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: String,

    /// Leave background jobs (imports) to other nodes.
    #[arg(long, global = true, env = "DOGEAR_NO_JOBS", default_value_t = false)]
    pub no_jobs: bool,

    /// Seconds a running import may go without a word from its worker before another node takes
    /// it over as lost (a crashed node's import resumes after this long).
    #[arg(
        long,
        global = true,
        env = "DOGEAR_IMPORT_STALE_SECONDS",
        default_value_t = 60,
        value_parser = clap::value_parser!(i64).range(5..=3600)
    )]
    pub import_stale_seconds: i64,

    /// Who may join: `open` (anyone), `request` (anyone asks, with a reason, and an admin
    /// approves), `invite` (only with an invitation link) or `closed` (admins add readers with
    /// `dogear user add`).
    #[arg(
        long,
        global = true,
        env = "DOGEAR_REGISTRATION",
        default_value = "open",
        value_parser = Mode::parse
    )]
    pub registration: Mode,

    /// Let readers, not only admins, make invitation links.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_READERS_INVITE",
        default_value_t = false
    )]
    pub readers_invite: bool,

    /// Where the data lives: `sqlite://FILE` (created on first start) or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://dogear.db"
    )]
    pub database: String,

    /// Where this node keeps its search index, a folder it alone writes (rebuilt from the
    /// database when missing or from another version). Unset: beside a SQLite file
    /// (`FILE.search`), or in memory for PostgreSQL, built when the node starts.
    #[arg(long, global = true, env = "DOGEAR_SEARCH_INDEX")]
    pub search_index: Option<std::path::PathBuf>,

    /// The site's address as readers reach it, `https://HOST[:PORT]`: every feed link is built on
    /// it. Unset, links use `http://` and the address `serve` listens on.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_PUBLIC_URL",
        value_name = "URL",
        value_parser = PublicUrl::parse
    )]
    pub public_url: Option<PublicUrl>,

    /// Behind HTTPS: cookies are `Secure` and their names carry the `__Host-` prefix, so no
    /// subdomain or plain-http answer can set them.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_SECURE_COOKIES",
        default_value_t = false
    )]
    pub secure_cookies: bool,

    /// How many comments one reader may post in a minute before being asked to slow down.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_COMMENTS_PER_MINUTE",
        default_value_t = 20
    )]
    pub comments_per_minute: i64,

    /// How many comments an account may post in a minute on its first day (spam comes in fresh
    /// accounts); 0 holds new accounts to the usual pace.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_NEW_ACCOUNT_COMMENTS_PER_MINUTE",
        default_value_t = 3
    )]
    pub new_account_comments_per_minute: i64,

    /// How many books one reader may add in an hour (the form and the API; imports and
    /// `dogear catalogue import` are not counted) before being asked to slow down.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_BOOKS_PER_HOUR",
        default_value_t = 30
    )]
    pub books_per_hour: u32,

    /// How many friend requests one reader may send in an hour before being asked to slow down.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_FRIEND_REQUESTS_PER_HOUR",
        default_value_t = 20
    )]
    pub friend_requests_per_hour: u32,

    /// How many flags one reader may file in an hour before being asked to slow down.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_FLAGS_PER_HOUR",
        default_value_t = 20
    )]
    pub flags_per_hour: u32,

    /// How many API calls one token may make in a minute (on each node) before getting 429.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_API_CALLS_PER_MINUTE",
        default_value_t = 3000
    )]
    pub api_calls_per_minute: u32,

    /// How many wrong passwords a minute one account may be tried with (on each node) before
    /// getting 429; each client address gets ten times that for attempts and sign-ups.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_SIGN_INS_PER_MINUTE",
        default_value_t = 10
    )]
    pub sign_ins_per_minute: u32,

    /// Let the first reader to sign up run the site (a private book club). Off, an admin is made
    /// with the set-up code `serve` prints, or `dogear admin grant NAME`.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_FIRST_SIGN_UP_ADMIN",
        default_value_t = false
    )]
    pub first_sign_up_admin: bool,

    /// Behind a reverse proxy: the header it puts the client's address in (`X-Forwarded-For`;
    /// its last entry is taken). Unset, the address is the connection's.
    #[arg(long, global = true, env = "DOGEAR_TRUSTED_PROXY_HEADER")]
    pub trusted_proxy_header: Option<String>,

    /// Let requests to other servers reach private and loopback addresses. Only for tests with
    /// several sites on one machine: on a real site it would let readers probe the local network.
    #[arg(
        long,
        alias = "allow-private-addresses",
        global = true,
        env = "DOGEAR_FEDERATION_ALLOW_PRIVATE",
        default_value_t = false
    )]
    pub federation_allow_private: bool,

    /// Where book data is looked up ("Add a book" by ISBN, "search Open Library").
    #[arg(
        long,
        global = true,
        env = "DOGEAR_OPEN_LIBRARY_URL",
        default_value = "https://openlibrary.org"
    )]
    pub open_library_url: String,

    /// Where Open Library's cover images are fetched from.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_OPEN_LIBRARY_COVERS_URL",
        default_value = "https://covers.openlibrary.org"
    )]
    pub open_library_covers_url: String,

    /// Where book data is looked up when Open Library has none (Inventaire's API).
    #[arg(
        long,
        global = true,
        env = "DOGEAR_INVENTAIRE_URL",
        default_value = "https://inventaire.io"
    )]
    pub inventaire_url: String,

    /// How long one book-data request may take before the reader is told to try again.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_BOOK_DATA_TIMEOUT_SECONDS",
        default_value_t = 10
    )]
    pub book_data_timeout_seconds: u64,

    /// Do not look for missing covers on Open Library in the background (`serve` does by default).
    #[arg(
        long,
        global = true,
        env = "DOGEAR_NO_COVER_FETCHING",
        default_value_t = false
    )]
    pub no_cover_fetching: bool,

    /// How many covers the background job asks Open Library for in a minute, at most.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_COVER_FETCHES_PER_MINUTE",
        default_value_t = 30
    )]
    pub cover_fetches_per_minute: u32,

    /// How long a failed ActivityPub delivery waits before its first retry, in seconds; each
    /// later wait doubles (up to six hours). Short waits are for tests of sites going down.
    #[arg(
        long,
        global = true,
        env = "DOGEAR_DELIVERY_FIRST_RETRY_SECONDS",
        default_value_t = crate::federation::delivery::FIRST_WAIT,
        value_parser = clap::value_parser!(i64).range(1..=86400)
    )]
    pub delivery_first_retry_seconds: i64,
    /// The SMTP server mail goes out through (password resets, address checks, notifications).
    /// Unset, the site sends no mail and says a forgotten password needs an admin.
    #[arg(long, global = true, env = "DOGEAR_SMTP_HOST", value_name = "HOST")]
    pub smtp_host: Option<String>,

    /// The SMTP server's port; unset, 465 for `tls`, 587 for `starttls`, 25 for `none`.
    #[arg(long, global = true, env = "DOGEAR_SMTP_PORT", value_name = "PORT")]
    pub smtp_port: Option<u16>,

    /// How the connection to the SMTP server is protected: `tls` (from the first byte),
    /// `starttls` (upgraded, and refused if the server cannot) or `none` (only for a relay on
    /// this machine).
    #[arg(
        long,
        global = true,
        env = "DOGEAR_SMTP_TLS",
        default_value = "starttls",
        value_parser = ["tls", "starttls", "none"]
    )]
    pub smtp_tls: String,

    /// The user name to sign in to the SMTP server with; unset, no sign-in.
    #[arg(long, global = true, env = "DOGEAR_SMTP_USER", value_name = "USER")]
    pub smtp_user: Option<String>,

    /// The SMTP password (better given in the environment than on the command line).
    #[arg(
        long,
        global = true,
        env = "DOGEAR_SMTP_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    pub smtp_password: Option<String>,

    /// Who mail comes from, `Name <address>` or a bare address; unset, `Dogear <dogear@HOST>`
    /// with the public address's host.
    #[arg(long, global = true, env = "DOGEAR_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,
}

impl Settings {
    /// How fast readers, and new accounts, may comment.
    pub fn comment_pace(&self) -> crate::actions::comments::CommentPace {
        crate::actions::comments::CommentPace {
            usual: self.comments_per_minute,
            new_account: self.new_account_comments_per_minute,
        }
    }

    /// Settings for a site on the given database with every other default.
    pub fn for_database(database: impl Into<String>) -> Self {
        Settings {
            config: None,
            listen: "127.0.0.1:8080".into(),
            no_jobs: false,
            import_stale_seconds: 60,
            registration: Mode::Open,
            readers_invite: false,
            database: database.into(),
            search_index: None,
            public_url: None,
            secure_cookies: false,
            comments_per_minute: 20,
            new_account_comments_per_minute: 3,
            books_per_hour: 30,
            friend_requests_per_hour: 20,
            flags_per_hour: 20,
            api_calls_per_minute: 3000,
            sign_ins_per_minute: 10,
            trusted_proxy_header: None,
            first_sign_up_admin: false,
            federation_allow_private: false,
            open_library_url: "https://openlibrary.org".into(),
            open_library_covers_url: "https://covers.openlibrary.org".into(),
            inventaire_url: "https://inventaire.io".into(),
            book_data_timeout_seconds: 10,
            no_cover_fetching: false,
            cover_fetches_per_minute: 30,
            delivery_first_retry_seconds: crate::federation::delivery::FIRST_WAIT,
            smtp_host: None,
            smtp_port: None,
            smtp_tls: "starttls".into(),
            smtp_user: None,
            smtp_password: None,
            mail_from: None,
        }
    }
}

/// The largest request body accepted, in bytes: a long review or an import
/// file's row batch fits; anything bigger is refused with 413.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The file read when `--config` names none, if it is there.
pub const DEFAULT_FILE: &str = "dogear.toml";

/// A command line parsed with the configuration file filled in under it.
pub struct Loaded<C> {
    pub cli: C,
    /// The file read, if any.
    pub file: Option<PathBuf>,
    matches: ArgMatches,
    from_file: Vec<String>,
}

/// Parses the command line `C` (whose settings are global arguments): each
/// setting neither given as a flag nor in the environment takes the file's
/// value, and only then its default. `--help` and mistakes exit as clap does.
pub fn load<C: CommandFactory + FromArgMatches>(args: Vec<OsString>) -> Result<Loaded<C>, String> {
    let command = C::command();
    let first = command.clone().get_matches_from(args.clone());
    let file = match first.get_one::<PathBuf>("config") {
        Some(path) => Some(path.clone()),
        None => Some(PathBuf::from(DEFAULT_FILE)).filter(|p| p.exists()),
    };
    let (extra, from_file) = match &file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            file_flags(&command, &first, &text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => (Vec::new(), Vec::new()),
    };
    let mut all = args;
    let at = all.len().min(1);
    all.splice(at..at, extra);
    let matches = command.get_matches_from(all);
    let cli = C::from_arg_matches(&matches).map_err(|e| e.to_string())?;
    Ok(Loaded {
        cli,
        file,
        matches,
        from_file,
    })
}

/// The flags standing for the file's settings that nothing above it set, and their names.
fn file_flags(
    command: &clap::Command,
    given: &ArgMatches,
    text: &str,
) -> Result<(Vec<OsString>, Vec<String>), String> {
    let table: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
    let mut flags = Vec::new();
    let mut names = Vec::new();
    for (key, value) in &table {
        let id = key.replace('-', "_");
        let arg = command
            .get_arguments()
            .find(|a| a.is_global_set() && a.get_id() == id.as_str() && id != "config")
            .ok_or_else(|| format!("{key} is no setting (`dogear --help` lists them)"))?;
        if matches!(
            given.value_source(&id),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        ) {
            continue;
        }
        let long = arg.get_long().unwrap_or(id.as_str());
        let flag = match (value, arg.get_action()) {
            (toml::Value::Boolean(on), ArgAction::SetTrue) => on.then(|| format!("--{long}")),
            (toml::Value::Boolean(_), _) => {
                return Err(format!("{key} takes a value, not true or false"));
            }
            (_, ArgAction::SetTrue) => return Err(format!("{key} is true or false")),
            (toml::Value::String(text), _) => Some(format!("--{long}={text}")),
            (toml::Value::Integer(n), _) => Some(format!("--{long}={n}")),
            (other, _) => {
                return Err(format!(
                    "{key}: a {} is not a setting's value",
                    other.type_str()
                ));
            }
        };
        flags.extend(flag.map(OsString::from));
        names.push(id);
    }
    Ok((flags, names))
}

impl<C> Loaded<C> {
    /// Every setting as it stands, as a `dogear.toml` would write it, with where
    /// each came from; passwords and the like are hidden.
    pub fn describe(&self) -> String {
        let mut out = match &self.file {
            Some(path) => format!("# settings file: {}\n", path.display()),
            None => {
                format!("# no settings file ({DEFAULT_FILE} is not here; --config names one)\n")
            }
        };
        let command = Settings::augment_args(clap::Command::new("dogear"));
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "config" {
                continue;
            }
            let raw: Vec<String> = self
                .matches
                .get_raw(id)
                .map(|values| values.map(|v| v.to_string_lossy().into_owned()).collect())
                .unwrap_or_default();
            let source = if self.from_file.iter().any(|f| f == id) {
                "from the settings file"
            } else {
                match self.matches.value_source(id) {
                    Some(ValueSource::CommandLine) => "from the command line",
                    Some(ValueSource::EnvVariable) => "from the environment",
                    Some(ValueSource::DefaultValue) => "default",
                    _ => "unset",
                }
            };
            let shown = match raw.first() {
                None => {
                    out.push_str(&format!("# {id} =  # {source}\n"));
                    continue;
                }
                Some(value) => hide_secret(id, value),
            };
            let quoted = if shown.parse::<i64>().is_ok() || shown == "true" || shown == "false" {
                shown
            } else {
                format!("{shown:?}")
            };
            out.push_str(&format!("{id} = {quoted}  # {source}\n"));
        }
        out
    }
}

/// A value fit to print: a password in a URL starred out, secrets' values hidden.
pub fn hide_secret(id: &str, value: &str) -> String {
    if ["password", "secret", "token", "key"]
        .iter()
        .any(|word| id.contains(word))
    {
        return "(hidden)".into();
    }
    if let Some((scheme, rest)) = value.split_once("://")
        && let Some((credentials, host)) = rest.split_once('@')
        && let Some((user, _)) = credentials.split_once(':')
    {
        return format!("{scheme}://{user}:(hidden)@{host}");
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_hidden() {
        assert_eq!(
            hide_secret("database", "postgres://ann:s3cret@db/dogear"),
            "postgres://ann:(hidden)@db/dogear"
        );
        assert_eq!(
            hide_secret("database", "sqlite://dogear.db"),
            "sqlite://dogear.db"
        );
        assert_eq!(hide_secret("smtp_password", "hunter2"), "(hidden)");
    }
}
