"""Settings read from the environment (prefix ODPAY_) or given on the command line."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigurationError(RuntimeError):
    """A setting odpay cannot work with (the database URL, its driver, the time zone): said
    in one line by the `odpay` command, which then exits 2."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ODPAY_")

    database_url: str = "sqlite:///odpay.db"
    # IANA name of the office's zone; empty means the machine's local zone.
    timezone: str = ""
    # Worker threads per server process that run use cases; 0 means the default, 1
    # (odpay.http.app.DEFAULT_THREADS).
    threads: int = 0
    # SQLite's PRAGMA synchronous: FULL (the default) syncs the write-ahead log at every
    # commit, so an acknowledged payment survives a power cut; NORMAL only at checkpoints.
    sqlite_synchronous: str = "FULL"
    # The server's log lines: "text" or "json" (odpay.logs).
    log_format: str = "text"

    # How long an Idempotency-Key is remembered (docs/decisions.md, "Hardening: input").
    idempotency_hours: int = Field(default=24, ge=1)
