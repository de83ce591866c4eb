//! The SQL migrations are compiled into the binary: rebuild when any changes or is added.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
