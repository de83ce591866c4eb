//! The JSON front door, `/api/v1`: bearer tokens in, JSON out, and
//! `application/problem+json` for every error.

pub mod accounts;
pub mod bookdata;
pub mod books;
pub mod caching;
pub mod comments;
pub mod covers;
pub mod cursor;
pub mod editions;
pub mod extract;
pub mod genres;
pub mod goals;
pub mod group_flags;
pub mod group_shelf;
pub mod groups;
pub mod json;
pub mod library;
pub mod limits;
pub mod lists;
pub mod moderation;
pub mod notifications;
pub mod openapi;
pub mod people;
pub mod problem;
pub mod quotes;
pub mod recommend;
pub mod registration;
pub mod remote_people;
pub mod reviews;
pub mod routes;
pub mod series;
pub mod topics;

pub use extract::{ApiCaller, ApiJson};
pub use problem::{ApiResult, Problem};
