//! One typed set of settings: command-line flags over `DOGEAR_*` variables over defaults.

use clap::Args;

use crate::domain::public_url::PublicUrl;

/// Settings every command shares.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Where the data lives: `sqlite://FILE` (created on first start) or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://dogear.db"
    )]
    pub database: String,

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
        global = true,
        env = "DOGEAR_ALLOW_PRIVATE_ADDRESSES",
        default_value_t = false
    )]
    pub allow_private_addresses: bool,

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
    /// Settings for a site on the given database with every other default.
    pub fn for_database(database: impl Into<String>) -> Self {
        Settings {
            database: database.into(),
            public_url: None,
            secure_cookies: false,
            comments_per_minute: 20,
            books_per_hour: 30,
            friend_requests_per_hour: 20,
            flags_per_hour: 20,
            api_calls_per_minute: 3000,
            sign_ins_per_minute: 10,
            trusted_proxy_header: None,
            first_sign_up_admin: false,
            allow_private_addresses: false,
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
