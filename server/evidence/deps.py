"""Dependencies of the evidence slice (declared in `server.app.create_app`)."""

from __future__ import annotations

from server.db import Connector
from server.evidence.intake import Limits
from server.evidence.services import EvidenceService
from server.evidence.store import LocalBlobStore
from server.settings import Settings


def build_evidence_service(connector: Connector, settings: Settings) -> EvidenceService:
    """Built once: it holds the blob store (a later S3 store is chosen here)."""
    root = settings.data_path / "evidence"
    return EvidenceService(
        connector,
        LocalBlobStore(root / "blobs"),
        root / "uploads",
        Limits(settings.evidence_max_bytes, settings.evidence_max_pixels),
    )
