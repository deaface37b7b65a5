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
from litestar.types import ASGIApp

from server.connection import AnyConnection
from server.identity.principal import Principal
from server.identity.services import IdentityService
from server.roles import Role

# Public handlers (the PWA files, health, device claim, demo) opt out with
# opt={"exclude_from_auth": True}; everything else needs a bearer token in the
# Authorization header. Never in the URL: URLs end up in logs, proxies and histories (the
# live stream is read with fetch, so it sends the header too).


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    def __init__(self, app: ASGIApp, identity: IdentityService, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.identity = identity

    async def authenticate_request(self, connection: AnyConnection) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise NotAuthorizedException("missing bearer token")
        principal = await self.identity.authenticate(token.strip())
        if principal is None:
            raise NotAuthorizedException("token is invalid, expired or its device was revoked")
        return AuthenticationResult(user=principal, auth=token)


def auth_middleware(identity: IdentityService) -> DefineMiddleware:
    """The middleware, with the identity service the composition root built for it."""
    return DefineMiddleware(BearerAuthMiddleware, identity=identity, exclude=["^/schema"])


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
