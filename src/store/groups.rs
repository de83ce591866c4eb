//! Reading groups: the groups, who is in them and as what, their topics (the
//! thread engine's third owner), and read-along checkpoints and folds.

use super::db::{Db, Row};
use crate::sql;
use crate::store::{CheckpointRow, GroupRow, MemberRow, NewGroup, StoreResult, TopicRow, UserRef};

/// Groups matching `$filter`, with the viewer's (`$2`, 0 signed out) role.
macro_rules! group_select {
    ($filter:expr, $order:expr) => {
        concat!(
            "SELECT g.id, g.name, g.description, g.picture, g.visibility, g.joining,
                    g.invite_code, g.members_count, g.topics_count, g.current_book_id,
                    b.title, g.current_started_on, g.created_at, m.role
             FROM reading_groups g
             LEFT JOIN books b ON b.id = g.current_book_id
             LEFT JOIN group_members m ON m.group_id = g.id AND m.user_id = $2
             WHERE ",
            $filter,
            " ORDER BY ",
            $order,
            " LIMIT $3 OFFSET $4"
        )
    };
}

fn group_row(r: &dyn Row) -> StoreResult<GroupRow> {
    Ok(GroupRow {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        picture: r.get(3)?,
        visibility: r.get(4)?,
        joining: r.get(5)?,
        invite_code: r.get(6)?,
        members_count: r.get(7)?,
        topics_count: r.get(8)?,
        current_book_id: r.get(9)?,
        current_book_title: r.get(10)?,
        current_started_on: r.get(11)?,
        created_at: r.get(12)?,
        viewer_role: r.get(13)?,
    })
}

pub(crate) async fn create_group<D: Db>(
    db: &D,
    new: &NewGroup,
    owner_id: i64,
    invite_code: &str,
) -> StoreResult<i64> {
    let id: i64 = db
        .value(
            sql!("INSERT INTO reading_groups (name, description, picture, visibility, joining, invite_code, members_count, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id"),
            &[&new.name, &new.description, &new.picture, &new.visibility, &new.joining, &invite_code, &new.now],
        )
        .await?
        .unwrap_or_default();
    db.exec(
        sql!("INSERT INTO group_members (group_id, user_id, role, joined_at) VALUES ($1, $2, 'owner', $3)"),
        &[&id, &owner_id, &new.now],
    )
    .await?;
    Ok(id)
}

pub(crate) async fn group<D: Db>(
    db: &D,
    id: i64,
    viewer: Option<i64>,
) -> StoreResult<Option<GroupRow>> {
    db.one(
        sql!(group_select!("g.id = $1", "g.id")),
        &[&id, &viewer.unwrap_or(0), &1_i64, &0_i64],
        group_row,
    )
    .await
}

/// Public groups, newest first (private ones are found through their members).
pub(crate) async fn browse_groups<D: Db>(
    db: &D,
    viewer: Option<i64>,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<GroupRow>> {
    db.all(
        sql!(group_select!("g.visibility = $1", "g.id DESC")),
        &[&"public", &viewer.unwrap_or(0), &limit, &offset],
        group_row,
    )
    .await
}

/// The groups the reader is in (or asked to join), newest first.
pub(crate) async fn my_groups<D: Db>(
    db: &D,
    user_id: i64,
    limit: i64,
) -> StoreResult<Vec<GroupRow>> {
    db.all(
        sql!(group_select!("m.user_id = $1", "g.id DESC")),
        &[&user_id, &user_id, &limit, &0_i64],
        group_row,
    )
    .await
}

/// Counts the members again (requests waiting are not members).
async fn recount_members<D: Db>(db: &D, group_id: i64) -> StoreResult<()> {
    db.exec(
        sql!(
            "UPDATE reading_groups SET members_count =
            (SELECT count(*) FROM group_members m WHERE m.group_id = $1 AND m.role <> 'requested')
         WHERE id = $1"
        ),
        &[&group_id],
    )
    .await?;
    Ok(())
}

/// Puts the reader in the group as `role` (or changes their role).
pub(crate) async fn set_member<D: Db>(
    db: &D,
    group_id: i64,
    user_id: i64,
    role: &str,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        sql!(
            "INSERT INTO group_members (group_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (group_id, user_id) DO UPDATE SET role = $3"
        ),
        &[&group_id, &user_id, &role, &now],
    )
    .await?;
    recount_members(db, group_id).await
}

pub(crate) async fn remove_member<D: Db>(db: &D, group_id: i64, user_id: i64) -> StoreResult<()> {
    db.exec(
        sql!("DELETE FROM group_members WHERE group_id = $1 AND user_id = $2"),
        &[&group_id, &user_id],
    )
    .await?;
    recount_members(db, group_id).await
}

/// The owner becomes a moderator and `to` (a member) the owner, together.
pub(crate) async fn hand_over<D: Db>(db: &D, group_id: i64, from: i64, to: i64) -> StoreResult<()> {
    db.exec(
        sql!("UPDATE group_members SET role = CASE WHEN user_id = $2 THEN 'moderator' ELSE 'owner' END
         WHERE group_id = $1 AND user_id IN ($2, $3)"),
        &[&group_id, &from, &to],
    )
    .await?;
    Ok(())
}

fn member_row(r: &dyn Row) -> StoreResult<MemberRow> {
    Ok(MemberRow {
        user: UserRef {
            id: r.get(0)?,
            username: r.get(1)?,
            display_name: r.get(2)?,
        },
        role: r.get(3)?,
        joined_at: r.get(4)?,
    })
}

fn topic_row(r: &dyn Row) -> StoreResult<TopicRow> {
    let author = match r.get::<Option<i64>>(2)? {
        Some(id) => Some(UserRef {
            id,
            username: r.get(3)?,
            display_name: r.get(4)?,
        }),
        None => None,
    };
    Ok(TopicRow {
        id: r.get(0)?,
        group_id: r.get(1)?,
        author,
        title: r.get(5)?,
        book_id: r.get(6)?,
        pinned: r.get(7)?,
        locked: r.get(8)?,
        comments_count: r.get(9)?,
        created_at: r.get(10)?,
        last_posted_at: r.get(11)?,
    })
}

fn checkpoint_row(r: &dyn Row) -> StoreResult<CheckpointRow> {
    Ok(CheckpointRow {
        id: r.get(0)?,
        book_id: r.get(1)?,
        label: r.get(2)?,
        up_to_page: r.get(3)?,
        due_on: r.get(4)?,
        members_past: r.get(5)?,
    })
}

pub(crate) async fn create_topic<D: Db>(
    db: &D,
    group_id: i64,
    author_id: i64,
    title: &str,
    book_id: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    let id = db
        .value(
            sql!("INSERT INTO group_topics (group_id, author_id, title, book_id, created_at, last_posted_at)
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id"),
            &[&group_id, &author_id, &title, &book_id, &now],
        )
        .await?
        .unwrap_or_default();
    db.exec(
        sql!("UPDATE reading_groups SET topics_count = topics_count + 1 WHERE id = $1"),
        &[&group_id],
    )
    .await?;
    Ok(id)
}

/// The page a reader has reached in a book: their last update's page, or
/// its percent of the book's pages.
macro_rules! reader_page {
    ($user:literal, $book:literal) => {
        concat!(
            "(SELECT coalesce(e.page, e.percent * bk.pages / 100) FROM reading_events e
               JOIN books bk ON bk.id = e.book_id
              WHERE e.user_id = ",
            $user,
            " AND e.book_id = ",
            $book,
            " AND (e.page IS NOT NULL OR e.percent IS NOT NULL)
              ORDER BY e.created_at DESC, e.id DESC LIMIT 1)"
        )
    };
}

queries! {
    pub(crate) exec update_group(id: i64, name: &str, description: &str, picture: &str, visibility: &str, joining: &str) = (
        "UPDATE reading_groups SET name = $2, description = $3, picture = $4, visibility = $5, joining = $6 WHERE id = $1"
    );
    pub(crate) exec delete_group(id: i64) = ("DELETE FROM reading_groups WHERE id = $1");
    pub(crate) value member_role(group_id: i64, user_id: i64) -> String =
        ("SELECT role FROM group_members WHERE group_id = $1 AND user_id = $2");
    pub(crate) all members(group_id: i64, waiting: bool, limit: i64, offset: i64) -> MemberRow, by member_row = (
        "SELECT u.id, u.username, u.display_name, m.role, m.joined_at
         FROM group_members m JOIN users u ON u.id = m.user_id
         WHERE m.group_id = $1 AND (m.role = 'requested') = $2
         ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END, m.joined_at, u.id
         LIMIT $3 OFFSET $4"
    );
    pub(crate) one topic(id: i64) -> TopicRow, by topic_row = (
        "SELECT t.id, t.group_id, u.id, u.username, u.display_name, t.title, t.book_id,
                t.pinned, t.locked, t.comments_count, t.created_at, t.last_posted_at
         FROM group_topics t LEFT JOIN users u ON u.id = t.author_id WHERE t.id = $1"
    );
    pub(crate) all topics(group_id: i64, limit: i64, offset: i64) -> TopicRow, by topic_row = (
        "SELECT t.id, t.group_id, u.id, u.username, u.display_name, t.title, t.book_id,
                t.pinned, t.locked, t.comments_count, t.created_at, t.last_posted_at
         FROM group_topics t LEFT JOIN users u ON u.id = t.author_id WHERE t.group_id = $1
         ORDER BY t.pinned DESC, t.last_posted_at DESC, t.id DESC LIMIT $2 OFFSET $3"
    );
    pub(crate) exec set_topic_state(id: i64, pinned: bool, locked: bool) =
        ("UPDATE group_topics SET pinned = $2, locked = $3 WHERE id = $1");
    pub(crate) value add_checkpoint(group_id: i64, book_id: i64, label: &str, up_to_page: i64, due_on: &str) -> i64 = (
        "INSERT INTO group_checkpoints (group_id, book_id, label, up_to_page, due_on)
         VALUES ($1, $2, $3, $4, $5) RETURNING id"
    );
    // Each checkpoint with the members who have read past it: marked the
    // book read, or last reported a page at or beyond its end.
    pub(crate) all checkpoints(group_id: i64, book_id: i64) -> CheckpointRow, by checkpoint_row = (concat!(
        "SELECT k.id, k.book_id, k.label, k.up_to_page, k.due_on,
                (SELECT count(*) FROM group_members m
                 LEFT JOIN user_books ub ON ub.user_id = m.user_id AND ub.book_id = k.book_id
                 WHERE m.group_id = k.group_id AND m.role <> 'requested'
                   AND (ub.status = 'read' OR ", reader_page!("m.user_id", "k.book_id"), " >= k.up_to_page))
         FROM group_checkpoints k WHERE k.group_id = $1 AND k.book_id = $2
         ORDER BY k.up_to_page, k.id"
    ));
    pub(crate) one reader_place(user_id: i64, book_id: i64) -> (Option<String>, Option<i64>) = (concat!(
        "SELECT (SELECT status FROM user_books WHERE user_id = $1 AND book_id = $2), ",
        reader_page!("$1", "$2")
    ));
    pub(crate) exec tie_comment(comment_id: i64, checkpoint_id: i64) = (
        "INSERT INTO comment_checkpoints (comment_id, checkpoint_id) VALUES ($1, $2)"
    );
    // The comments numbered `first..=last` of a topic, and those they quote,
    // tied to a checkpoint: (number, the checkpoint's last page, its label).
    pub(crate) all comment_ties(topic_id: i64, first: i64, last: i64) -> (i64, i64, String) = (
        "SELECT c.number, k.up_to_page, k.label FROM comments c
         JOIN comment_checkpoints t ON t.comment_id = c.id
         JOIN group_checkpoints k ON k.id = t.checkpoint_id
         WHERE c.topic_id = $1 AND (c.number BETWEEN $2 AND $3
            OR c.id IN (SELECT r.quote_of FROM comments r
                        WHERE r.topic_id = $1 AND r.number BETWEEN $2 AND $3))"
    );
}

store! {
    write create_group(new: &NewGroup, owner_id: i64, invite_code: &str) -> i64;
    write update_group(id: i64, name: &str, description: &str, picture: &str, visibility: &str, joining: &str) -> ();
    write delete_group(id: i64) -> ();
    /// A group with the viewer's role in it.
    lookup group(id: i64, viewer: Option<i64>) -> Option<GroupRow>;
    /// Public groups, newest first.
    lookup browse_groups(viewer: Option<i64>, limit: i64, offset: i64) -> Vec<GroupRow>;
    /// The groups the reader is in or waiting for.
    lookup my_groups(user_id: i64, limit: i64) -> Vec<GroupRow>;
    write set_member(group_id: i64, user_id: i64, role: &str, now: i64) -> ();
    write remove_member(group_id: i64, user_id: i64) -> ();
    write hand_over(group_id: i64, from: i64, to: i64) -> ();
    lookup member_role(group_id: i64, user_id: i64) -> Option<String>;
    /// Members (owner, moderators, then by joining), or the requests waiting (`waiting`).
    lookup members(group_id: i64, waiting: bool, limit: i64, offset: i64) -> Vec<MemberRow>;
    write create_topic(group_id: i64, author_id: i64, title: &str, book_id: Option<i64>, now: i64) -> i64;
    lookup topic(id: i64) -> Option<TopicRow>;
    /// Pinned topics first, then the latest talk.
    lookup topics(group_id: i64, limit: i64, offset: i64) -> Vec<TopicRow>;
    write set_topic_state(id: i64, pinned: bool, locked: bool) -> ();
    write add_checkpoint(group_id: i64, book_id: i64, label: &str, up_to_page: i64, due_on: &str) -> Option<i64>;
    lookup checkpoints(group_id: i64, book_id: i64) -> Vec<CheckpointRow>;
    /// The reader's shelf status for the book and the page they last reached.
    lookup reader_place(user_id: i64, book_id: i64) -> Option<(Option<String>, Option<i64>)>;
    write tie_comment(comment_id: i64, checkpoint_id: i64) -> ();
    lookup comment_ties(topic_id: i64, first: i64, last: i64) -> Vec<(i64, i64, String)>;
}
