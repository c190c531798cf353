//! Building blocks shared by pages: the layout, the film player and the discussion timer.

pub mod film;
pub mod layout;
pub mod timer;
