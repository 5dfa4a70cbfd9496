"""Settings read from the environment (prefix ODPAY_) or given on the command line."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ODPAY_")

    database_url: str = "sqlite:///odpay.db"
    # IANA name of the office's zone; empty means the machine's local zone.
    timezone: str = ""
