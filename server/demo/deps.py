"""Dependencies of the demo slice (declared in `server.app.create_app`)."""

from __future__ import annotations

from litestar.di import NamedDependency

from server.demo.services import DemoService
from server.identity.services import IdentityService


def provide_demo_service(identity_service: NamedDependency[IdentityService]) -> DemoService:
    return DemoService(identity_service)
