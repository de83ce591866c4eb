//! Page handlers, one module per resource; each parses the request, calls
//! one action, and renders a template or redirects.

pub mod accounts;
pub mod admin;
pub mod api_examples;
pub mod authors;
pub mod bookdata;
pub mod books;
pub mod confirm;
pub mod covers;
pub mod editions;
pub mod email;
pub mod federation;
pub mod feeds;
pub mod genres;
pub mod groups;
pub mod home;
pub mod library;
pub mod list_feed;
pub mod lists;
pub mod moderation;
pub mod notifications;
pub mod people;
pub mod quotes;
pub mod reference;
pub mod registration;
pub mod reviews;
pub mod search;
pub mod series;
pub mod settings;
pub mod thread;
pub mod topics;
pub mod users;
pub mod years;
