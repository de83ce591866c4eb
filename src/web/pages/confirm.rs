//! The step that asks before what can't be undone (deleting, blocking), for
//! readers without JavaScript; with it, `app.js` asks with `confirm()` instead.
//!
//! A form that wants asking sends `confirmed=no`; this page sends it again
//! with `confirmed=yes`. Forms and scripts that leave the field out are taken
//! at their word, as before.

use askama::Template;
use askama_web::WebTemplate;

use crate::web::Frame;

/// Whether the form asked to be confirmed first and has not been yet.
pub fn wanted(confirmed: Option<&str>) -> bool {
    confirmed == Some("no")
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/confirm.html")]
pub struct ConfirmPage {
    pub frame: Frame,
    pub heading: String,
    /// The first words of what goes, when it has words.
    pub quote: Option<String>,
    pub detail: &'static str,
    /// Where the confirmed form posts.
    pub action: String,
    /// Fields sent again with it, besides the token and `confirmed=yes`.
    pub fields: Vec<(&'static str, String)>,
    pub button: &'static str,
    pub cancel: String,
}
