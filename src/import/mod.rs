//! Reading files from elsewhere into Dogear: catalogues now, readers' exports later.

pub mod catalogue;
