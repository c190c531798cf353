//! The next year: the huvudman opens the organisation's next school year, each group's leader
//! closes its own (when step 5 is done, or carrying unfinished answers on), and a closed year
//! stays readable. Which cycle a group works in is the loader's (`Context::year`).

mod commands;
mod pages;
mod service;

pub use service::YearService;
