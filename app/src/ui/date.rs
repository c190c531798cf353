//! Dates as readers expect them in their language, in a `<time>` element machines can read.

use crate::{features::workshop::types::Date, i18n::*};

/// A month's name (1-12): "mars", "March".
pub fn month_name(i18n: leptos_i18n::I18nContext<Locale>, month: u8) -> String {
    match month {
        1 => t_string!(i18n, month_1),
        2 => t_string!(i18n, month_2),
        3 => t_string!(i18n, month_3),
        4 => t_string!(i18n, month_4),
        5 => t_string!(i18n, month_5),
        6 => t_string!(i18n, month_6),
        7 => t_string!(i18n, month_7),
        8 => t_string!(i18n, month_8),
        9 => t_string!(i18n, month_9),
        10 => t_string!(i18n, month_10),
        11 => t_string!(i18n, month_11),
        _ => t_string!(i18n, month_12),
    }
    .to_string()
}

/// "den 1 mars 2027" or "1 March 2027".
pub fn long_date(i18n: leptos_i18n::I18nContext<Locale>, date: Date) -> String {
    let month = month_name(i18n, date.month);
    t_string!(
        i18n,
        date_long,
        day = date.day,
        month = month,
        year = date.year
    )
    .to_string()
}
