//! `rate_limits`: window counters for rate limits and quotas, counted in the transaction that
//! acts. Index `rate_limits_window` on `window_start`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_limits")]
pub struct Model {
    /// What is counted: the limit's name, a colon, then its key, e.g.
    /// `sign_in_address:anna@ekby.se|192.0.2.1`.
    #[sea_orm(
        primary_key,
        auto_increment = false,
        column_type = "String(StringLen::N(400))"
    )]
    pub key: String,
    /// When the current window began: at the first hit after the last window ended.
    pub window_start: DateTimeUtc,
    /// Hits in the current window.
    pub count: i32,
}

impl ActiveModelBehavior for ActiveModel {}
