"""Structured logs: one key=value (or JSON) event per line, so ops can grep and ship them."""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping
from typing import Any

import structlog
from litestar.logging.config import StructLoggingConfig
from litestar.middleware.logging import LoggingMiddlewareConfig
from litestar.plugins.structlog import StructlogConfig, StructlogPlugin

from server.logsafe import escape_controls

# Query parameters and fields that carry secrets: a bearer token, an enrolment code, a PIN,
# a one-time ticket. Their values never reach a log line, whoever put them in a URL.
SECRET_NAMES = frozenset(
    {
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "code",
        "pin",
        "ticket",
        "password",
        "secret",
        "api_key",
        "key",
        "signature",
        "sig",
        "authorization",
    }
)
REDACTED = "***"
_IN_TEXT = re.compile(
    r"(?i)(?<![A-Za-z0-9_])(" + "|".join(sorted(SECRET_NAMES, key=len, reverse=True)) + r")="
    r"[^&\s#\"']*"
)
# A bearer secret anywhere in text (tokens are prefixed, see server/identity/tokens.py).
_TOKEN_TEXT = re.compile(r"\bpl[ds]_[A-Za-z0-9_-]+")


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return _TOKEN_TEXT.sub(REDACTED, _IN_TEXT.sub(lambda m: f"{m.group(1)}={REDACTED}", value))
    if isinstance(value, dict):
        return {
            k: REDACTED if str(k).lower() in SECRET_NAMES else _redacted(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_redacted(v) for v in value]
    return value


def redact_secrets(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> Any:
    """structlog processor: blank secret-looking query values and bearer tokens, in the
    request log's `query` and `path` and in any message."""
    for k, v in event.items():
        event[k] = REDACTED if k.lower() in SECRET_NAMES else _redacted(v)
    return event


def _processors(json: bool) -> list[Any]:
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        redact_secrets,
        escape_controls,
        renderer,
    ]


def structlog_plugin(level: str, json: bool) -> StructlogPlugin:
    numeric = logging.getLevelNamesMapping()[level.upper()]
    config = StructLoggingConfig(
        processors=_processors(json),
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.WriteLoggerFactory(),
        log_exceptions="never",
    )
    middleware = LoggingMiddlewareConfig(
        request_log_fields=["method", "path", "query"],
        response_log_fields=["status_code"],
    )
    return StructlogPlugin(
        StructlogConfig(structlog_logging_config=config, middleware_logging_config=middleware)
    )


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
