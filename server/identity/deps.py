"""Dependencies of the identity slice (declared in `server.app.create_app`)."""

from __future__ import annotations

from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency

from server.db.database import Database
from server.identity.services import IdentityService


def provide_identity_service(
    db: NamedDependency[Database], channels: NamedDependency[ChannelsPlugin]
) -> IdentityService:
    return IdentityService(db.connector, channels)
