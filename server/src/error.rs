//! `ServerError`: what services return. The kinds a user may be told about (not found, not
//! allowed, what to fix, …) pass through unchanged; anything else (database, template, I/O) is
//! logged under a fresh reference id when it is turned into the user-facing `AppError`, and the
//! user gets only that id. That conversion happens once, where a service answers its port.

use app::error::{AppError, Field, Invalid};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// What the actor may not see, or what is gone: the same answer for both.
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input: {0:?}")]
    Invalid(Invalid),
    #[error("conflict")]
    Conflict,
    #[error("rate limited")]
    RateLimited,
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("mail template: {0}")]
    Template(#[from] minijinja::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// What services return.
pub type Result<T, E = ServerError> = std::result::Result<T, E>;

impl From<Field> for ServerError {
    fn from(field: Field) -> Self {
        ServerError::Invalid(Invalid::Field(field))
    }
}

impl From<Invalid> for ServerError {
    fn from(invalid: Invalid) -> Self {
        ServerError::Invalid(invalid)
    }
}

/// Ids and other checks in `app` already speak `AppError`; the kinds users may see map back
/// one to one, and anything else is an unexpected failure.
impl From<AppError> for ServerError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::NotFound => ServerError::NotFound,
            AppError::Forbidden => ServerError::Forbidden,
            AppError::Invalid(invalid) => ServerError::Invalid(invalid),
            AppError::Conflict => ServerError::Conflict,
            AppError::RateLimited => ServerError::RateLimited,
            other => ServerError::Other(anyhow::anyhow!("{other:?}")),
        }
    }
}

impl From<ServerError> for AppError {
    fn from(error: ServerError) -> Self {
        match error {
            ServerError::NotFound => AppError::NotFound,
            ServerError::Forbidden => AppError::Forbidden,
            ServerError::Invalid(invalid) => AppError::Invalid(invalid),
            ServerError::Conflict => AppError::Conflict,
            ServerError::RateLimited => AppError::RateLimited,
            cause @ (ServerError::Db(_) | ServerError::Template(_) | ServerError::Other(_)) => {
                let ref_id = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
                tracing::error!(%ref_id, error = %cause, "request failed");
                AppError::Internal { ref_id }
            }
        }
    }
}

/// For `map_err` outside services (middleware, routes): logs the cause and gives the user
/// only a reference.
pub fn internal(error: impl Into<ServerError>) -> AppError {
    error.into().into()
}

/// Implements a port by handing each method to the service's own method of the same name
/// (or, with `=> field`, to that field's), which returns `ServerError`: the one place where it
/// becomes what users see.
#[macro_export]
macro_rules! port {
    (impl $port:ident for $service:ty {
        $(async fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ok:ty $(=> $field:ident)?;)*
    }) => {
        #[async_trait::async_trait]
        impl app::ports::$port for $service {
            $(async fn $name(&self $(, $arg: $ty)*) -> std::result::Result<$ok, app::error::AppError> {
                $crate::port!(@call self, $service, $name, [$($field)?], ($($arg),*))
                    .await
                    .map_err(app::error::AppError::from)
            })*
        }
    };
    (@call $self:ident, $service:ty, $name:ident, [], ($($arg:ident),*)) => {
        <$service>::$name($self $(, $arg)*)
    };
    (@call $self:ident, $service:ty, $name:ident, [$field:ident], ($($arg:ident),*)) => {
        $self.$field.$name($($arg),*)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_the_cause_behind_a_reference() {
        let error: AppError =
            ServerError::Db(sea_orm::DbErr::Custom("secret table x".into())).into();
        let AppError::Internal { ref_id } = &error else {
            panic!("expected Internal, got {error:?}")
        };
        assert_eq!(ref_id.len(), 8);
        assert!(!error.to_string().contains("secret"));
    }

    #[test]
    fn what_users_may_see_passes_unchanged() {
        let error: AppError = ServerError::from(Field::UnitName).into();
        assert_eq!(error, AppError::Invalid(Invalid::Field(Field::UnitName)));
        assert_eq!(AppError::from(ServerError::NotFound), AppError::NotFound);
    }
}
