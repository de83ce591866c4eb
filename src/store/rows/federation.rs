//! Rows of federation: keys, actors on other servers, activities taken in.

/// An actor on another server, as last fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteActor {
    pub id: i64,
    /// The actor's id, the address its document is fetched from.
    pub uri: String,
    pub username: String,
    pub host: String,
    pub name: String,
    pub summary: String,
    pub icon: Option<String>,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub key_id: String,
    pub public_key_pem: String,
    /// Says `"bookwyrmUser": true`: it takes BookWyrm's rich book types.
    pub bookwyrm: bool,
    pub manual_approval: bool,
    pub fetched_at: i64,
}

/// An activity waiting for another server's inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    /// Whose key signs it; None: the instance actor's.
    pub user_id: Option<i64>,
    pub inbox: String,
    pub host: String,
    pub body: String,
    pub attempts: i64,
    pub next_at: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
}

/// How the delivery queue stands, for moderators.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryQueue {
    pub waiting: i64,
    /// Hosts failing now: (host, failures in a row, held until).
    pub failing: Vec<(String, i64, i64)>,
}

/// Something a local reader did that their followers elsewhere hear of,
/// waiting to be rendered and queued for their inboxes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    pub id: i64,
    pub user_id: i64,
    /// An `actions::outbox::Kind` key.
    pub kind: String,
    pub subject_id: i64,
    pub detail: String,
    pub created_at: i64,
}
