"""Identity failures, mapped to HTTP statuses by the controllers' exception handlers."""

from __future__ import annotations


class IdentityError(Exception):
    status_code = 400


class NotFound(IdentityError):
    status_code = 404


class Conflict(IdentityError):
    status_code = 409


class InvalidCode(IdentityError):
    """Unknown, used or expired: deliberately one message, so codes cannot be probed."""

    status_code = 400


class BadCredentials(IdentityError):
    status_code = 401


class Throttled(IdentityError):
    status_code = 429

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


def identity_error_handler(_request: object, exc: IdentityError) -> object:
    from litestar import MediaType, Response

    headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, Throttled) else None
    return Response(
        {"status_code": exc.status_code, "detail": str(exc)},
        status_code=exc.status_code,
        media_type=MediaType.JSON,
        headers=headers,
    )
