//! The `dogear` command: serve the site (the default), migrate, fill a demo library, administer.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dogear::config::Settings;
use dogear::domain::public_url::PublicUrl;
use dogear::{AppState, store};

use cli::{find_reader, say};

#[derive(Parser)]
#[command(
    name = "dogear",
    version,
    about = "A self-hostable social reading site"
)]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default command).
    Serve,
    /// Create or update the database's tables, then exit.
    Migrate,
    /// Fill the database with a small living library to try the site.
    Demo,
    /// Fill the database with a large made-up library for load tests (load a catalogue first).
    Fill {
        #[arg(long, default_value_t = 2000)]
        readers: usize,
        #[arg(long, default_value_t = 50_000)]
        ratings: usize,
        #[arg(long, default_value_t = 5000)]
        reviews: usize,
        /// Comments under the first review.
        #[arg(long, default_value_t = 151)]
        thread: usize,
        /// Friends of the first reader.
        #[arg(long, default_value_t = 500)]
        friends: usize,
        /// Books the first reader has read over the years (for their stats page).
        #[arg(long, default_value_t = 2000)]
        library: usize,
    },
    /// Import a reader's library exported from another site.
    Import {
        file: std::path::PathBuf,
        /// Whose library it is.
        #[arg(long)]
        user: String,
        /// goodreads, storygraph or librarything; detected from the header when not given.
        #[arg(long)]
        format: Option<String>,
    },
    /// Export a reader's library.
    Export {
        #[arg(long)]
        user: String,
        /// json (everything), or the CSV layout of goodreads, storygraph or bookwyrm.
        #[arg(long, default_value = "json")]
        format: String,
        /// Where to write it; standard output when not given.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// The book catalogue.
    Catalogue {
        #[command(subcommand)]
        command: CatalogueCommand,
    },
    /// Site administration.
    Admin {
        #[command(subcommand)]
        command: cli::roles::AdminCommand,
    },
    /// The search index.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// "Readers who liked this also liked" and readers' picks.
    Recommendations {
        #[command(subcommand)]
        command: RecommendationsCommand,
    },
    /// Readers' accounts: add, list, set a password, suspend, delete.
    User {
        #[command(subcommand)]
        command: cli::users::UserCommand,
    },
    /// Copy the database to FILE while the site serves (SQLite; on PostgreSQL use pg_dump).
    Backup { file: std::path::PathBuf },
    /// Put a backup in place of the database; one holding accounts only with --force.
    Restore {
        file: std::path::PathBuf,
        /// Replace a database that holds accounts (stop the site first).
        #[arg(long)]
        force: bool,
    },
    /// Check the database's invariants (thread numbers, derived counts, foreign keys, jobs,
    /// SQLite's integrity); exits non-zero when one fails.
    Check {
        /// Recompute every derived count from its rows first.
        #[arg(long)]
        repair: bool,
    },
    /// Print every setting as it stands and where it came from (secrets hidden).
    Config,
}

#[derive(Subcommand)]
enum RecommendationsCommand {
    /// Work the book neighbours out now (the server does it every few minutes as ratings change).
    Refresh,
    /// Hold out a tenth of each reader's 4-star-and-up ratings, learn from the rest, and report
    /// the hit rate at 10 of the picks against the most liked books.
    Evaluate,
}

#[derive(Subcommand)]
enum SearchCommand {
    /// Write the search index again from the books, their series and authors.
    Reindex,
}

#[derive(Subcommand)]
enum CatalogueCommand {
    /// Load a goodbooks-10k style catalogue CSV, repairing what can be repaired; or with
    /// `--format openlibrary-dump` one of Open Library's dumps (`ol_dump_authors_*.txt.gz`, then
    /// works, then editions), streamed, resumable: run it again after an interruption.
    Import {
        file: std::path::PathBuf,
        /// goodbooks (CSV) or openlibrary-dump; an `ol_dump*.txt.gz` file is taken as a dump.
        #[arg(long)]
        format: Option<String>,
    },
}

/// mimalloc rather than glibc's malloc for Rust's allocations: the review
/// page served 10,300-11,200 a second with glibc, 12,500-12,700 with it, a
/// search 5,100-5,600 and 7,800-9,100 (SQLite's own allocations still go to
/// glibc, tuned below).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Before the runtime's threads start and allocate: the allocators read
    // their settings as they first reserve memory.
    return_freed_memory();
    return_large_allocations();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(start()),
        Err(e) => {
            eprintln!("dogear: cannot start: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn start() -> ExitCode {
    tracing_subscriber::fmt().with_target(false).init();
    let cli = match dogear::config::load::<Cli>(std::env::args_os().collect()) {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("dogear: {message}");
            return ExitCode::from(2);
        }
    };
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("dogear: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(loaded: dogear::config::Loaded<Cli>) -> Result<(), String> {
    let settings = loaded.cli.settings.clone();
    let command = match loaded.cli.command {
        Some(Command::Config) => {
            say(&loaded.describe());
            return Ok(());
        }
        Some(Command::Restore { file, force }) => {
            return cli::backups::put_back(&settings.database, &file, force);
        }
        Some(command) => command,
        None => Command::Serve,
    };
    dogear::jobs::set_stale_after(settings.import_stale_seconds);
    let store = store::connect_with(&settings.database, settings.search_index.as_deref())
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", settings.database))?;
    match command {
        Command::Serve => {
            let listen = settings.listen.clone();
            let started = std::time::Instant::now();
            let books = store
                .catch_up_search()
                .await
                .map_err(|e| format!("cannot build the search index: {e}"))?;
            if books > 0 {
                tracing::info!(
                    "indexed {books} books for search in {:.1?}",
                    started.elapsed()
                );
            }
            if !settings.no_jobs {
                dogear::jobs::spawn_worker(store.clone());
            }
            let jobs = !settings.no_jobs;
            let cover_job = jobs && !settings.no_cover_fetching;
            let sources = dogear::bookdata::Sources::from_settings(&settings);
            let per_minute = settings.cover_fetches_per_minute;
            let public_url = match settings.public_url.clone() {
                Some(url) => url,
                None => {
                    let url = PublicUrl::for_listen(&listen)?;
                    tracing::info!(
                        "feed links use {url}, the address this node listens on; set --public-url \
                         (or DOGEAR_PUBLIC_URL) to the address readers use, e.g. https://books.example"
                    );
                    url
                }
            };
            let state = AppState::new(store, settings, public_url).await?;
            if cover_job {
                dogear::jobs::covers::spawn(
                    state.store.clone(),
                    state.outbound.clone(),
                    sources,
                    per_minute,
                );
            }
            if jobs {
                dogear::mail::queue::spawn_sender(state.store.clone(), state.mailer.clone());
                dogear::federation::delivery::spawn_worker(state.clone());
            }
            serve(state, &listen).await
        }
        Command::Migrate => {
            println!("database {} is up to date", settings.database);
            Ok(())
        }
        Command::Demo => {
            let summary = dogear::demo::fill(store.as_ref())
                .await
                .map_err(|e| e.to_string())?;
            say(&format!("{summary}\n"));
            Ok(())
        }
        Command::Fill {
            readers,
            ratings,
            reviews,
            thread,
            friends,
            library,
        } => {
            let size = dogear::fill::Size {
                readers,
                ratings,
                reviews,
                thread,
                friends,
                library,
            };
            let filled = dogear::fill::fill(store.as_ref(), size)
                .await
                .map_err(|e| e.to_string())?;
            // key=value lines, for scripts.
            say(&format!(
                "review={}\nquiet_review={}\nbook={}\nlist={}\ntopic={}\nreader={}\npassword={}\n",
                filled.review,
                filled.quiet_review,
                filled.book,
                filled.list,
                filled.topic,
                filled.reader,
                filled.password
            ));
            Ok(())
        }
        Command::Import { file, user, format } => {
            let reader = find_reader(store.as_ref(), &user).await?;
            let format = match format {
                Some(name) => Some(dogear::import::Format::parse(&name).ok_or(format!(
                    "unknown format {name}: use goodreads, storygraph or librarything"
                ))?),
                None => None,
            };
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows {elapsed}")
            {
                bar.set_style(style);
            }
            let progress = |done: i64, total: i64| {
                bar.set_length(total.max(0) as u64);
                bar.set_position(done.max(0) as u64);
            };
            let summary = dogear::actions::imports::import_with_progress(
                store.as_ref(),
                &reader,
                &bytes,
                format,
                progress,
            )
            .await
            .map_err(|e| e.to_string())?;
            bar.finish_and_clear();
            say(&summary.to_string());
            Ok(())
        }
        Command::Export {
            user,
            format,
            output,
        } => {
            let reader = find_reader(store.as_ref(), &user).await?;
            let layout = dogear::actions::exports::Layout::parse(&format).ok_or(format!(
                "unknown format {format}: use {}",
                dogear::actions::exports::Layout::NAMES
            ))?;
            let text = dogear::actions::exports::export(store.as_ref(), &reader, layout)
                .await
                .map_err(|e| e.to_string())?;
            match output {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
                None => say(&text),
            }
            Ok(())
        }
        Command::Catalogue {
            command: CatalogueCommand::Import { file, format },
        } if format.as_deref() == Some("openlibrary-dump")
            || (format.is_none() && dogear::actions::dumps::looks_like_dump(&file)) =>
        {
            import_dump(store.as_ref(), &file).await
        }
        Command::Catalogue {
            command: CatalogueCommand::Import { file, format },
        } => {
            if let Some(other) = format.filter(|f| f != "goodbooks") {
                return Err(format!(
                    "unknown format {other}: use goodbooks or openlibrary-dump"
                ));
            }
            let input = std::fs::File::open(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let started = std::time::Instant::now();
            let summary =
                dogear::actions::catalogue::import(store.as_ref(), std::io::BufReader::new(input))
                    .await
                    .map_err(|e| e.to_string())?;
            say(&summary.to_string());
            say(&format!("took {:.1?}\n", started.elapsed()));
            // A node with its index in memory builds it when it starts.
            if store.search_index_is_kept() {
                let started = std::time::Instant::now();
                let books = store.catch_up_search().await.map_err(|e| e.to_string())?;
                say(&format!(
                    "indexed {books} books for search in {:.1?}\n",
                    started.elapsed()
                ));
            }
            Ok(())
        }
        Command::Search {
            command: SearchCommand::Reindex,
        } => {
            let started = std::time::Instant::now();
            let books = dogear::actions::books::reindex_search(store.as_ref())
                .await
                .map_err(|e| e.to_string())?;
            say(&format!(
                "indexed {books} books in {:.1?}\n",
                started.elapsed()
            ));
            Ok(())
        }
        Command::Admin { command } => cli::roles::run(store.as_ref(), command).await,
        Command::Recommendations { command } => recommendations(store.as_ref(), command).await,
        Command::User { command } => cli::users::run(store.as_ref(), command).await,
        Command::Backup { file } => cli::backups::take(store.as_ref(), &file).await,
        Command::Check { repair } => cli::check::run(store.as_ref(), repair).await,
        Command::Config | Command::Restore { .. } => Ok(()),
    }
}

async fn import_dump(store: &dogear::store::Store, file: &std::path::Path) -> Result<(), String> {
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} compressed, {msg} {elapsed}",
    ) {
        bar.set_style(style);
    }
    let progress = |lines: u64, read: u64, size: u64| {
        bar.set_length(size);
        bar.set_position(read);
        bar.set_message(format!("line {lines}"));
    };
    let summary =
        dogear::actions::dumps::import(store, file, dogear::actions::dumps::BATCH, progress).await;
    bar.finish_and_clear();
    let summary = summary.map_err(|e| e.to_string())?;
    say(&summary.to_string());
    Ok(())
}

async fn recommendations(
    store: &dogear::store::Store,
    command: RecommendationsCommand,
) -> Result<(), String> {
    use dogear::actions::recommend;
    let started = std::time::Instant::now();
    match command {
        RecommendationsCommand::Refresh => {
            recommend::refresh(store, dogear::actions::now(), 0)
                .await
                .map_err(|e| e.to_string())?;
            say(&format!(
                "book neighbours worked out in {:.1?}\n",
                started.elapsed()
            ));
        }
        RecommendationsCommand::Evaluate => {
            let got = recommend::evaluate(store)
                .await
                .map_err(|e| e.to_string())?;
            say(&format!(
                "readers={}\nheld_out={}\nhit_rate_at_10_neighbours={:.3}\nhit_rate_at_10_popular={:.3}\ntook={:.1?}\n",
                got.readers,
                got.held_out,
                got.neighbours,
                got.popular,
                started.elapsed()
            ));
        }
    }
    Ok(())
}

async fn serve(state: AppState, listen: &str) -> Result<(), String> {
    if !state.store.has_admin().await.map_err(|e| e.to_string())? {
        tracing::warn!(
            "no one runs this site yet: open http://{listen}/setup and give the code {} \
             (new at each start), or run `dogear admin grant NAME` for an account",
            state.setup_code
        );
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    tracing::info!(
        "Dogear is serving http://{listen}/ from {}",
        state.settings.database
    );
    // The connection's address reaches the handlers: sign-ins are limited by it.
    let store = state.store.clone();
    let app = dogear::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let stopping = std::sync::Arc::new(tokio::sync::Notify::new());
    let told = stopping.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        stop_signal().await;
        tracing::info!("stopping: no new connections; finishing the requests in flight");
        told.notify_one();
    });
    // A request still running after the drain is cut off, so a stop is bounded.
    let drained = async {
        stopping.notified().await;
        tokio::time::sleep(DRAIN).await;
    };
    let served = tokio::select! {
        served = server => served.map_err(|e| format!("server stopped: {e}")),
        () = drained => {
            tracing::warn!("requests still running after {DRAIN:?}: stopping anyway");
            Ok(())
        }
    };
    dogear::jobs::release(store.as_ref()).await;
    match store.checkpoint().await {
        Ok(pages) => tracing::info!(pages, "stopped; the write-ahead log is folded in"),
        Err(e) => tracing::warn!(error = %e, "stopped; the checkpoint failed"),
    }
    served
}

/// How long in-flight requests have to finish once a stop is asked for.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(10);

/// Ctrl-C, or SIGTERM (what service managers and container runtimes send).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// mimalloc commits a whole arena up front and hands freed pages back to the
/// system after a delay; asked to commit as used and hand back at once, the
/// server started with the library loaded in 49 MB instead of 76-131 (glibc:
/// 45-49), and peaked at 89 MB instead of 120-132 (glibc: 84-88) after 40
/// sign-ins at once (each a 19 MB hash), no slower.
fn return_freed_memory() {
    // SAFETY: an option is a plain setting the allocator reads as it frees.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

/// The purge delay's number in mimalloc's `mi_option_e` (the crate does not
/// name it); the arena's commit is set at build time, in `.cargo/config.toml`.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// SQLite allocates through glibc's malloc, which Rust's allocations used
/// before mimalloc. glibc raises its mmap threshold after the first large
/// block is freed (a password hash's 19 MB took it there) and from then on
/// serves such blocks from per-thread arenas that keep the memory. A fixed
/// threshold keeps large blocks in mmap, returned to the system when freed.
///
/// A fixed threshold also fixes the trim threshold at its default, 128 KB,
/// so it is raised: each time an arena's top was handed back (`madvise`)
/// and faulted in again, the work that freed it paid (a million-book search
/// under load: 1,950 searches/s with 128 KB, 2,480 with 4 MB).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_allocations() {
    const THRESHOLD: libc::c_int = 1024 * 1024;
    const KEPT_FREE: libc::c_int = 4 * 1024 * 1024;
    // SAFETY: mallopt only tunes the allocator; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, KEPT_FREE);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_allocations() {}

#[cfg(test)]
mod tests {
    /// The number still means the purge delay: its default is mimalloc's
    /// one second, which no neighbouring option has.
    #[test]
    fn the_purge_delay_is_the_option_set() {
        // SAFETY: reads a setting.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }

    /// `.cargo/config.toml`'s define reached the build: arenas commit as
    /// used (mimalloc's own default, 2, commits them up front).
    #[test]
    fn arenas_commit_as_used() {
        const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
        // SAFETY: reads a setting.
        let eager = unsafe { libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT) };
        assert_eq!(eager, 0);
    }
}
