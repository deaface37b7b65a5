"""Structured logs: one key=value (or JSON) event per line, so ops can grep and ship them."""

from __future__ import annotations

import logging
from typing import Any

import structlog
from litestar.logging.config import StructLoggingConfig
from litestar.middleware.logging import LoggingMiddlewareConfig
from litestar.plugins.structlog import StructlogConfig, StructlogPlugin

from server.logsafe import escape_controls


def _processors(json: bool) -> list[Any]:
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
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
