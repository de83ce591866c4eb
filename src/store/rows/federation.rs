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
