//! Building blocks shared by pages: the layout, the page scaffolding, dates, form fields, the
//! film player, the discussion timer and charts.

pub mod chart;
pub mod date;
pub mod film;
pub mod form;
pub mod layout;
pub mod page;
pub mod timer;
