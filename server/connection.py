"""Type aliases for Litestar connections, so guards and handlers stay short."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection

AnyConnection = ASGIConnection[Any, Any, Any, Any]
