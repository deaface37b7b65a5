"""Evidence at the edge: starting and resuming an upload, and what the office sees."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from server.schemas import Schema

Uid = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
Sha256 = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]


class UploadStart(Schema, forbid_unknown_fields=True):
    """The phone names the upload (`uid`, kept in its queue) and says what is coming, so a
    retry after a lost answer resumes the same upload instead of starting a second."""

    uid: Uid
    kind: Literal["photo", "signature"]
    size: Annotated[int, msgspec.Meta(ge=1)]
    sha256: Sha256
    eid: Annotated[str, msgspec.Meta(max_length=256)] = ""
    # Only when the courier allowed it: the HLC time of the action and the phone's position.
    keep_time: bool = False
    keep_place: bool = False
    captured_at: str | None = None
    latitude: Annotated[float, msgspec.Meta(ge=-90, le=90)] | None = None
    longitude: Annotated[float, msgspec.Meta(ge=-180, le=180)] | None = None


class EvidenceOut(Schema):
    uid: str
    kind: str
    eid: str
    mime: str
    width: int
    height: int
    size: int
    sha256: str
    uploaded_by: str
    created_at: str
    captured_at: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class UploadState(Schema):
    uid: str
    size: int
    received: int
    done: bool
    evidence: EvidenceOut | None = None


class EvidenceList(Schema):
    items: list[EvidenceOut]


class Refusal(Schema):
    code: str
    detail: str
