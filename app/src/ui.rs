//! Building blocks shared by pages: the layout, the page scaffolding, the page title, dates,
//! document downloads, form fields, the film player, the discussion timer, charts and wide tables.

pub mod chart;
pub mod date;
pub mod download;
pub mod film;
pub mod form;
pub mod head;
pub mod layout;
pub mod page;
pub mod table;
pub mod timer;
