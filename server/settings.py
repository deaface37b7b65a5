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
    # Where evidence blobs and the VAPID key live; empty means beside a SQLite database,
    # else the user's data directory.
    data_dir: str = ""
    # Evidence intake: a courier's photo is compressed on the phone (a few hundred KB), but a
    # device whose compression failed may send the camera's original (12 MP, ~5 MB).
    evidence_max_bytes: int = 16_000_000
    # Checked from the header before any pixel is decoded: a decompression bomb declares
    # hundreds of megapixels in a few KB.
    evidence_max_pixels: int = 30_000_000
    # The VAPID `sub` claim: how a push service reaches the operator.
    push_contact: str = "mailto:it@packline.invalid"
    # TEST ONLY: also allow push endpoints on http://127.0.0.1 (the local push service the
    # tests decrypt with). Production allows only HTTPS:443 on the known push services.
    push_allow_loopback_for_tests: bool = False

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
        if self.evidence_max_bytes < 1024 or self.evidence_max_pixels < 1:
            raise SettingsError(
                f"{ENV_PREFIX}EVIDENCE_MAX_BYTES must be at least 1024 and "
                f"{ENV_PREFIX}EVIDENCE_MAX_PIXELS positive"
            )
        # Imported here to keep settings importable without the db package's dependencies.
        from server.db.url import parse_database_url

        parse_database_url(self.database_url)

    @property
    def data_path(self) -> Path:
        """The data directory: explicit, else beside a SQLite file, else the user's."""
        if self.data_dir:
            return Path(self.data_dir)
        from server.db.url import parse_database_url

        url = parse_database_url(self.database_url)
        if url.kind == "sqlite" and url.sqlite_path is not None:
            return Path(url.sqlite_path).parent
        return user_data_path("packline")

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
