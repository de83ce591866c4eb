//! Dogear's one integration test binary: each module is one area of the site.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod app;
mod support;

mod accounts;
mod api;
mod books;
mod cli;
mod comments;
mod covers;
mod csrf;
mod demo;
mod duplicates;
mod editions;
mod feed;
mod feeds;
mod figures;
mod genres;
mod goals;
mod hardening;
mod home;
mod import_summary;
mod imports;
mod leaks;
mod limits;
mod list_threads;
mod lists;
mod moderation;
mod my_books;
mod notifications;
mod pages;
mod people;
mod quotes;
mod races;
mod recommend;
mod reference;
mod reviews;
mod roles;
mod search;
mod series;
mod settings;
mod shelves;
mod social;
mod statuses;
mod store;
