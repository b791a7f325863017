//! One module per page: each has a `...Page` template struct, a `render` that builds its
//! HTML, and the handler `get`.

pub mod article;
pub mod choices;
pub mod crawlers;
pub mod feeds;
pub mod list;
pub mod not_found;
pub mod random;
pub mod search;
