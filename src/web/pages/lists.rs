//! Readers' lists: browsing and finding them, making and editing one, its
//! ranked books with votes, adding books, and the owner's approvals.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use serde::Deserialize;

use super::thread::{ThreadParts, ThreadQuery};
use crate::AppState;
use crate::actions::{comments as comment_actions, lists as list_actions};
use crate::domain::lists::{Addition, Mode};
use crate::domain::thread::Thread;
use crate::store::{ListEntry, ListRow, User};
use crate::web::forms::{BackForm, CsrfForm, PathId, PathIds};
use crate::web::view::{self, BookCard};
use crate::web::{Frame, PageResult, SignedIn, back_to, with_notice};

/// A list in a list of lists.
pub struct ListCard {
    pub id: i64,
    pub title: String,
    pub owner: crate::store::UserRef,
    pub books: String,
    pub votes: String,
}

impl From<&ListRow> for ListCard {
    fn from(l: &ListRow) -> Self {
        ListCard {
            id: l.id,
            title: l.title.clone(),
            owner: l.owner.clone(),
            books: view::plural(l.books_count, "book", "books"),
            votes: view::plural(l.votes_count, "vote", "votes"),
        }
    }
}

pub fn cards(lists: &[ListRow]) -> Vec<ListCard> {
    lists.iter().map(ListCard::from).collect()
}

/// The few most voted lists a book is on, for its page.
pub async fn book_lists(
    store: &crate::store::Store,
    viewer: Option<&User>,
    book_id: i64,
) -> PageResult<Vec<ListCard>> {
    Ok(cards(
        &list_actions::of_book(store, viewer, book_id, 5).await?,
    ))
}

/// A book on the list page: its rank (None for a suggestion), card and note.
pub struct EntryView {
    pub rank: Option<i64>,
    pub card: BookCard,
    pub note: String,
    pub votes: String,
    pub voted: bool,
    pub added_by: Option<crate::store::UserRef>,
}

fn entry_view(e: &ListEntry, rank: Option<i64>) -> EntryView {
    EntryView {
        rank,
        card: BookCard::from(&e.book),
        note: e.note.clone(),
        votes: view::plural(e.votes, "vote", "votes"),
        voted: e.voted,
        added_by: e.added_by.clone(),
    }
}

#[derive(Deserialize)]
pub struct BrowseQuery {
    q: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

fn page_number(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.trim().parse().ok()).unwrap_or(1)
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/lists.html")]
pub struct ListsPage {
    frame: Frame,
    q: String,
    encoded: String,
    newest: bool,
    lists: Vec<ListCard>,
    page: i64,
    more: bool,
}

/// `/lists`: the most voted lists, or the newest, or those whose title holds `q`.
pub async fn browse(
    State(state): State<AppState>,
    frame: Frame,
    Query(query): Query<BrowseQuery>,
) -> PageResult<ListsPage> {
    let q = query.q.unwrap_or_default().trim().to_string();
    let newest = query.sort.as_deref() == Some("newest");
    let found = list_actions::browse(
        state.store.as_ref(),
        frame.viewer.as_ref(),
        Some(&q),
        !newest,
        page_number(query.page.as_deref()),
    )
    .await?;
    Ok(ListsPage {
        frame,
        encoded: view::query_value(&q),
        q,
        newest,
        lists: cards(&found.lists),
        page: found.page,
        more: found.more,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/list_form.html")]
pub struct ListFormPage {
    frame: Frame,
    /// The list being edited; None for a new one.
    id: Option<i64>,
    title: String,
    description: String,
    mode: &'static str,
    modes: Vec<(&'static str, &'static str)>,
}

fn modes() -> Vec<(&'static str, &'static str)> {
    Mode::ALL.iter().map(|m| (m.as_str(), m.label())).collect()
}

/// `/lists/new`
pub async fn new_form(frame: Frame, SignedIn(_): SignedIn) -> ListFormPage {
    ListFormPage {
        frame,
        id: None,
        title: String::new(),
        description: String::new(),
        mode: Mode::Open.as_str(),
        modes: modes(),
    }
}

#[derive(Deserialize)]
pub struct ListForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    mode: String,
}

/// `POST /lists`
pub async fn create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<ListForm>,
) -> PageResult<Redirect> {
    let list = list_actions::create(
        state.store.as_ref(),
        &user,
        &form.title,
        &form.description,
        &form.mode,
    )
    .await?;
    Ok(Redirect::to(&format!("/lists/{}", list.id)))
}

/// `/lists/{id}/edit`: its owner's form.
pub async fn edit_form(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
) -> PageResult<ListFormPage> {
    let list = list_actions::visible(state.store.as_ref(), Some(&user), id).await?;
    if list.owner.id != user.id {
        return Err(crate::error::ActionError::Forbidden(
            "only the reader who made this list can edit it".into(),
        )
        .into());
    }
    Ok(ListFormPage {
        frame,
        id: Some(id),
        title: list.title,
        description: list.description,
        mode: Mode::from_stored(&list.mode).as_str(),
        modes: modes(),
    })
}

/// `POST /lists/{id}/edit`
pub async fn edit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<ListForm>,
) -> PageResult<Redirect> {
    list_actions::update(
        state.store.as_ref(),
        &user,
        id,
        &form.title,
        &form.description,
        &form.mode,
    )
    .await?;
    Ok(Redirect::to(&format!("/lists/{id}")))
}

/// `POST /lists/{id}/delete`
pub async fn delete(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(_): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    list_actions::delete(state.store.as_ref(), &user, id).await?;
    Ok(Redirect::to(&with_notice(
        &format!("/users/{}/lists", user.username),
        "list-deleted",
    )))
}

#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<String>,
    /// Words to find a book to add by.
    find: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/list.html")]
pub struct ListPage {
    frame: Frame,
    list: ListRow,
    description_html: String,
    mode_label: &'static str,
    own: bool,
    /// Whether the viewer may add books (or suggest them).
    may_add: bool,
    suggests: bool,
    entries: Vec<EntryView>,
    pending: Vec<EntryView>,
    page: i64,
    pages: i64,
    find: String,
    /// Books found to add, and whether the list has each already.
    found: Vec<(BookCard, bool)>,
    back: String,
}

/// `/lists/{id}`: the list's books by votes, a page at a time, and for a
/// signed-in reader the way to add a book by searching for it.
pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    PathId(id): PathId,
    Query(query): Query<ListQuery>,
) -> PageResult<ListPage> {
    let store = state.store.as_ref();
    let viewer = frame.viewer.as_ref();
    let shown = list_actions::page(store, viewer, id, page_number(query.page.as_deref())).await?;
    let mode = Mode::from_stored(&shown.list.mode);
    let own = viewer.is_some_and(|v| v.id == shown.list.owner.id);
    let addition = viewer.map(|_| mode.addition(own));
    let may_add = matches!(addition, Some(Addition::Listed | Addition::Pending));
    let find = query.find.unwrap_or_default().trim().to_string();
    let found = match viewer {
        Some(reader) if may_add && !find.is_empty() => {
            list_actions::find_to_add(store, reader, id, &find, 10)
                .await?
                .iter()
                .map(|(book, has)| (BookCard::from(book), *has))
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(ListPage {
        back: format!("/lists/{id}?page={}", shown.page),
        description_html: crate::domain::markdown::render(&shown.list.description),
        mode_label: mode.label(),
        own,
        may_add,
        suggests: addition == Some(Addition::Pending),
        entries: shown
            .entries
            .iter()
            .zip(shown.first_rank..)
            .map(|(e, rank)| entry_view(e, Some(rank)))
            .collect(),
        pending: shown.pending.iter().map(|e| entry_view(e, None)).collect(),
        page: shown.page,
        pages: shown.pages,
        list: shown.list,
        find,
        found,
        frame,
    })
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    book_id: String,
    #[serde(default)]
    note: String,
}

/// `POST /lists/{id}/books`
pub async fn add_book(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<AddForm>,
) -> PageResult<Redirect> {
    let book_id: i64 = form
        .book_id
        .trim()
        .parse()
        .map_err(|_| crate::error::ActionError::invalid("book_id", "choose a book to add"))?;
    let added =
        list_actions::add_book(state.store.as_ref(), &user, id, book_id, &form.note).await?;
    Ok(Redirect::to(&match added {
        Addition::Pending => with_notice(&format!("/lists/{id}"), "suggested"),
        _ => format!("/lists/{id}#book-{book_id}"),
    }))
}

/// What a button on a book of a list does.
#[derive(Clone, Copy)]
enum EntryAct {
    Vote,
    Unvote,
    Remove,
    Approve,
    Decline,
}

async fn on_entry(
    state: &AppState,
    user: &User,
    (id, book_id): (i64, i64),
    form: &BackForm,
    act: EntryAct,
) -> PageResult<Redirect> {
    let store = state.store.as_ref();
    match act {
        EntryAct::Vote => list_actions::vote(store, user, id, book_id, true).await?,
        EntryAct::Unvote => list_actions::vote(store, user, id, book_id, false).await?,
        EntryAct::Remove => list_actions::remove_book(store, user, id, book_id).await?,
        EntryAct::Approve => list_actions::decide(store, user, id, book_id, true).await?,
        EntryAct::Decline => list_actions::decide(store, user, id, book_id, false).await?,
    }
    Ok(back_to(form.back.as_deref(), &format!("/lists/{id}")))
}

macro_rules! entry_handlers {
    ($($name:ident => $act:ident),*) => {$(
        pub async fn $name(
            State(state): State<AppState>,
            SignedIn(user): SignedIn,
            PathIds(id, book_id): PathIds,
            CsrfForm(form): CsrfForm<BackForm>,
        ) -> PageResult<Redirect> {
            on_entry(&state, &user, (id, book_id), &form, EntryAct::$act).await
        }
    )*};
}

entry_handlers!(vote => Vote, unvote => Unvote, remove_book => Remove, approve => Approve, decline => Decline);

#[derive(Template, WebTemplate)]
#[template(path = "pages/reader_lists.html")]
pub struct ReaderListsPage {
    frame: Frame,
    user: User,
    own: bool,
    lists: Vec<ListCard>,
    page: i64,
    more: bool,
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

/// `/users/{name}/lists`: the lists a reader made, newest first.
pub async fn of_reader(
    State(state): State<AppState>,
    frame: Frame,
    Path(name): Path<String>,
    Query(query): Query<PageQuery>,
) -> PageResult<ReaderListsPage> {
    let (user, found) = list_actions::of_reader(
        state.store.as_ref(),
        frame.viewer.as_ref(),
        &name,
        page_number(query.page.as_deref()),
    )
    .await?;
    Ok(ReaderListsPage {
        own: frame.viewer.as_ref().is_some_and(|v| v.id == user.id),
        frame,
        user,
        lists: cards(&found.lists),
        page: found.page,
        more: found.more,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/list_comments.html")]
pub struct ListCommentsPage {
    frame: Frame,
    list: ListRow,
    thread: ThreadParts,
}

/// `/lists/{id}/comments`: the list's numbered conversation, 50 a page.
pub async fn comments(
    State(state): State<AppState>,
    frame: Frame,
    PathId(id): PathId,
    Query(query): Query<ThreadQuery>,
) -> PageResult<ListCommentsPage> {
    let store = state.store.as_ref();
    let viewer = frame.viewer.as_ref();
    let list = list_actions::visible(store, viewer, id).await?;
    let owner = Thread::List(id);
    let asked = query.asked();
    let thread =
        comment_actions::thread_page(store, owner, list.comments_count, asked, viewer).await?;
    let parts = super::thread::parts(store, owner, thread, query.quote.as_deref(), viewer).await;
    Ok(ListCommentsPage {
        list,
        thread: parts,
        frame,
    })
}

/// `POST /lists/{id}/comments`
pub async fn post_comment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<super::thread::CommentForm>,
) -> PageResult<Redirect> {
    super::thread::post(&state, &user, Thread::List(id), form).await
}
