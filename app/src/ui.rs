//! Building blocks shared by pages: the layout, dates, form fields, the film player and
//! the discussion timer.

pub mod date;
pub mod film;
pub mod form;
pub mod layout;
pub mod timer;
