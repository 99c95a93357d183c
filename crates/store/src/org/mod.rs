//! The organisation: departments, users, roles.

pub mod directory;
