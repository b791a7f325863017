//! One module per page: each has a `...Page` template struct, a `render` that builds its
//! HTML, and the handler `get`.

pub(crate) mod article;
pub(crate) mod choices;
pub(crate) mod crawlers;
pub(crate) mod feeds;
pub(crate) mod list;
pub(crate) mod not_found;
pub(crate) mod random;
pub(crate) mod search;
