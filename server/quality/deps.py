"""Dependencies of the quality slice (declared in `server.app.create_app`)."""

from __future__ import annotations

from server.quality.services import QualityService


def provide_quality_service() -> QualityService:
    return QualityService()
