//! Building blocks shared by pages: the layout, dates, the film player and
//! the discussion timer.

pub mod date;
pub mod film;
pub mod layout;
pub mod timer;
