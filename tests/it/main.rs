//! Dogear's one integration test binary: each module is one area of the site.

mod support;

mod store;
