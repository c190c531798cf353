//! `ServerError`: what can fail inside the server. Turning one into the user-facing `AppError`
//! logs the cause under a fresh reference id and hands the user only that id.

use app::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("mail template: {0}")]
    Template(#[from] minijinja::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<ServerError> for AppError {
    fn from(error: ServerError) -> Self {
        let ref_id = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
        tracing::error!(%ref_id, error = %error, "request failed");
        AppError::Internal { ref_id }
    }
}

/// For `map_err`: logs the cause and gives the user only a reference.
pub fn internal(error: impl Into<ServerError>) -> AppError {
    error.into().into()
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
}
