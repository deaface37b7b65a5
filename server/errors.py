"""Error responses: a client mistake is a clear 4xx, and a server fault never leaks internals."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_500_INTERNAL_SERVER_ERROR

from server.identity.errors import IdentityError, identity_error_handler
from server.logs import get_logger

log = get_logger(__name__)


def _body(status: int, detail: str, extra: object = None) -> Response[dict[str, object]]:
    content: dict[str, object] = {"status_code": status, "detail": detail}
    if extra:
        content["extra"] = extra
    return Response(content, status_code=status, media_type=MediaType.JSON)


def http_exception(
    _request: Request[Any, Any, Any], exc: HTTPException
) -> Response[dict[str, object]]:
    return _body(exc.status_code, exc.detail, exc.extra)


def decode_error(
    _request: Request[Any, Any, Any], exc: msgspec.DecodeError
) -> Response[dict[str, object]]:
    return _body(HTTP_400_BAD_REQUEST, f"malformed request body: {exc}")


def not_utf8(
    _request: Request[Any, Any, Any], exc: UnicodeDecodeError
) -> Response[dict[str, object]]:
    # msgspec (under Litestar's JSON body parsing too) raises UnicodeDecodeError, not
    # DecodeError, for bytes that are not UTF-8: the client's fault on any route.
    return _body(
        HTTP_400_BAD_REQUEST,
        f"request is not valid UTF-8 (byte {exc.start}: {exc.reason})",
    )


def too_deep(_request: Request[Any, Any, Any], _exc: RecursionError) -> Response[dict[str, object]]:
    # msgspec raises RecursionError for absurdly nested JSON/MessagePack: the client's fault.
    return _body(HTTP_400_BAD_REQUEST, "request body nests too deeply")


def internal_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, object]]:
    log.error("unhandled error", path=request.url.path, error=repr(exc), exc_info=exc)
    return _body(HTTP_500_INTERNAL_SERVER_ERROR, "internal server error")


EXCEPTION_HANDLERS = {
    HTTPException: http_exception,
    msgspec.DecodeError: decode_error,
    UnicodeDecodeError: not_utf8,
    RecursionError: too_deep,
    IdentityError: identity_error_handler,
    HTTP_500_INTERNAL_SERVER_ERROR: internal_error,
}
