"""Dependencies of the overview slice (declared in `server.app.create_app`)."""

from __future__ import annotations

from server.overview.services import OverviewService


def provide_overview_service() -> OverviewService:
    return OverviewService()
