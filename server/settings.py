"""Runtime settings, read once from the environment and validated up front.

A mistyped variable should stop the process with a sentence a warehouse IT person can act on,
not surface later as a stack trace in the middle of a shift.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import msgspec
from platformdirs import user_data_path

ENV_PREFIX = "PACKLINE_"
REPO_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable and the fix."""


def default_database_url() -> str:
    return f"sqlite:///{user_data_path('packline') / 'packline.db'}"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str = msgspec.field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: int = 8000
    pwa_dir: str = str(REPO_ROOT / "pwa" / "dist")
    max_body_bytes: int = 1_048_576
    log_level: str = "INFO"
    log_json: bool = False
    sqlite_busy_timeout_ms: int = 5_000
    # Idle seconds between SSE keepalives: under a proxy's idle timeout (nginx: 60 s), and
    # the interval at which a revoked device's open stream is noticed and ended.
    sse_keepalive_s: float = 15.0
    debug: bool = False
    # Demo mode adds shortcuts (enrol a device without a code); never enable it in production.
    demo: bool = False
    # Fan live pokes out through Redis instead of PostgreSQL LISTEN/NOTIFY or memory.
    redis_url: str = ""

    def __post_init__(self) -> None:
        if not 1 <= self.port <= 65535:
            raise SettingsError(f"{ENV_PREFIX}PORT must be 1-65535, got {self.port}")
        if self.max_body_bytes < 1024:
            raise SettingsError(f"{ENV_PREFIX}MAX_BODY_BYTES must be at least 1024")
        if self.log_level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError(
                f"{ENV_PREFIX}LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, "
                f"got {self.log_level!r}"
            )
        if not 0 < self.sse_keepalive_s <= 300:
            raise SettingsError(f"{ENV_PREFIX}SSE_KEEPALIVE_S must be above 0 and at most 300")
        if self.sqlite_busy_timeout_ms < 0:
            raise SettingsError(f"{ENV_PREFIX}SQLITE_BUSY_TIMEOUT_MS must not be negative")
        # Imported here to keep settings importable without the db package's dependencies.
        from server.db.url import parse_database_url

        parse_database_url(self.database_url)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from PACKLINE_* variables; explicit overrides (CLI flags) win."""
        env = os.environ if environ is None else environ
        raw: dict[str, object] = {}
        for name in cls.__struct_fields__:
            key = ENV_PREFIX + name.upper()
            if key in env:
                raw[name] = env[key]
        raw.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            message = str(exc)
            if " - at `$." in message:
                text, field = message.rsplit(" - at `$.", 1)
                message = f"{ENV_PREFIX}{field.rstrip('`').upper()}: {text}"
            raise SettingsError(message) from exc
