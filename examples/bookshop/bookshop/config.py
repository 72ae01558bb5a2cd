"""Runtime settings, read from the environment (prefix ``BOOKSHOP_``) or a ``.env`` file."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Application settings.

    Every attribute can be overridden by an environment variable of the same name
    prefixed with ``BOOKSHOP_`` (for example ``BOOKSHOP_DATABASE_URL``).

    Attributes:
        PROJECT_NAME: Title shown in the OpenAPI schema.
        VERSION: API version string.
        API_V1_STR: Prefix every versioned endpoint is mounted under.
        SECRET_KEY: Key used to sign access tokens.
        ACCESS_TOKEN_EXPIRE_MINUTES: Lifetime of an access token.
        DATABASE_URL: SQLAlchemy database URL.
        BACKEND_CORS_ORIGINS: Origins allowed to call the API from a browser.
        PARTNER_API_KEYS: Keys accepted from payment partners on the webhook.
    """

    model_config = SettingsConfigDict(env_prefix="BOOKSHOP_", env_file=".env", extra="ignore")

    PROJECT_NAME: str = "Bookshop"
    VERSION: str = "1.4.0"
    API_V1_STR: str = "/api/v1"
    SECRET_KEY: str = "change-me-in-production-5f2a9c"
    ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24
    DATABASE_URL: str = "sqlite:///./bookshop.db"
    BACKEND_CORS_ORIGINS: list[str] = ["http://localhost:3000"]
    PARTNER_API_KEYS: list[str] = []


settings = Settings()
