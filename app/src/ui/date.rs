//! Dates as readers expect them in their language, in a `<time>` element machines can read.

use crate::{features::workshop::types::Date, i18n::*};

/// A month's name (1-12): "mars", "March".
pub fn month_name(i18n: leptos_i18n::I18nContext<Locale>, month: u8) -> String {
    month_name_in(i18n.get_locale_untracked(), month)
}

/// A month's first three letters, for a label with little room: "okt", "Oct".
pub fn month_short(i18n: leptos_i18n::I18nContext<Locale>, month: u8) -> String {
    month_name(i18n, month).chars().take(3).collect()
}

/// The same, for a locale without a page around it (documents made on the server).
pub fn month_name_in(i18n: Locale, month: u8) -> String {
    match month {
        1 => td_string!(i18n, month_1),
        2 => td_string!(i18n, month_2),
        3 => td_string!(i18n, month_3),
        4 => td_string!(i18n, month_4),
        5 => td_string!(i18n, month_5),
        6 => td_string!(i18n, month_6),
        7 => td_string!(i18n, month_7),
        8 => td_string!(i18n, month_8),
        9 => td_string!(i18n, month_9),
        10 => td_string!(i18n, month_10),
        11 => td_string!(i18n, month_11),
        _ => td_string!(i18n, month_12),
    }
    .to_string()
}

/// "den 1 mars 2027" or "1 March 2027".
pub fn long_date(i18n: leptos_i18n::I18nContext<Locale>, date: Date) -> String {
    long_date_in(i18n.get_locale_untracked(), date)
}

/// The same, for a locale without a page around it.
pub fn long_date_in(i18n: Locale, date: Date) -> String {
    let month = month_name_in(i18n, date.month);
    td_string!(
        i18n,
        date_long,
        day = date.day,
        month = month,
        year = date.year
    )
    .to_string()
}
