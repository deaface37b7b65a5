"""Bearer-token authentication for /api; guards then decide what the principal may do."""

from __future__ import annotations

from typing import Any

from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
    DefineMiddleware,
)

from server.connection import AnyConnection
from server.identity.auth import RowSource, note_seen, resolve
from server.identity.principal import Principal
from server.roles import Role

# Public handlers (the PWA files, health, device claim, demo) opt out with
# opt={"exclude_from_auth": True}; everything else needs a bearer token.
# EventSource cannot send headers, so the live stream also accepts ?access_token=.
QUERY_TOKEN_PATHS = {"/api/sync/stream"}


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: AnyConnection) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if not token and connection.url.path in QUERY_TOKEN_PATHS:
            scheme, token = "bearer", connection.query_params.get("access_token", "")
        if scheme.lower() != "bearer" or not token:
            raise NotAuthorizedException("missing bearer token")
        principal = await resolve(token_source(connection), token.strip())
        if principal is None:
            raise NotAuthorizedException("token is invalid, expired or its device was revoked")
        await note_seen(principal)
        return AuthenticationResult(user=principal, auth=token)


def token_source(connection: AnyConnection) -> RowSource:
    """Where tokens resolve: the sync service's pooled connections (see auth.RowSource)."""
    source: RowSource = connection.app.state["sync"].connector
    return source


def auth_middleware() -> DefineMiddleware:
    return DefineMiddleware(BearerAuthMiddleware, exclude=["^/schema"])


def principal_of(connection: AnyConnection) -> Principal:
    user = connection.scope.get("user")
    if not isinstance(user, Principal):
        raise NotAuthorizedException("not authenticated")
    return user


def signed_in(connection: AnyConnection, _: BaseRouteHandler) -> None:
    if not principal_of(connection).signed_in:
        raise NotAuthorizedException("sign in with your employee code and PIN first")


def requires(*roles: Role) -> Any:
    """Guard: a signed-in user holding at least one of the roles."""

    def guard(connection: AnyConnection, handler: BaseRouteHandler) -> None:
        signed_in(connection, handler)
        if not principal_of(connection).has_any(*roles):
            raise PermissionDeniedException(f"needs role {' or '.join(r.value for r in roles)}")

    return guard
