"""HTTP for evidence: resumable uploads from phones, and the office's view of the proof.

An upload is three calls a phone can repeat safely: POST (start or find it), PUT chunks with
`Upload-Offset` (a wrong offset is a 409 naming where to resume), GET (where it stands).
Reading checks who asks on every request: another warehouse's evidence, or a courier asking
for a colleague's, is a 404 like a missing one.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import HeaderParameter, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_409_CONFLICT

from server.evidence.intake import IntakeRejected
from server.evidence.schemas import EvidenceList, EvidenceOut, UploadStart, UploadState
from server.evidence.services import UPLOADERS, Conflict, EvidenceService, NotFound
from server.identity.middleware import principal_of, requires, signed_in

Uid = Annotated[str, Parameter(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
CHUNK_MAX = 1_048_576

_IMAGE_HEADERS = {
    "Cache-Control": "private, max-age=86400, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
}


def refused(exc: IntakeRejected) -> HTTPException:
    return HTTPException(status_code=exc.status, detail=str(exc), extra={"code": exc.code})


class EvidenceController(Controller):
    path = "/api/evidence"
    tags = ["evidence"]
    guards = [signed_in]

    @post(
        "/uploads",
        status_code=HTTP_200_OK,
        guards=[requires(*UPLOADERS)],
        summary="Start (or find) a resumable upload of a photo or signature",
    )
    async def start(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[UploadStart],
        evidence_service: NamedDependency[EvidenceService],
    ) -> UploadState:
        try:
            return await evidence_service.start(principal_of(request), data)
        except IntakeRejected as exc:
            raise refused(exc) from exc
        except NotFound as exc:
            raise NotFoundException("no such order on your route") from exc

    @get("/uploads/{uid:str}", guards=[requires(*UPLOADERS)], summary="Where an upload stands")
    async def status(
        self,
        request: Request[Any, Any, Any],
        uid: Uid,
        evidence_service: NamedDependency[EvidenceService],
    ) -> UploadState:
        try:
            return await evidence_service.state(principal_of(request), uid)
        except NotFound as exc:
            raise NotFoundException("no such upload") from exc

    @put(
        "/uploads/{uid:str}",
        status_code=HTTP_200_OK,
        guards=[requires(*UPLOADERS)],
        request_max_body_size=CHUNK_MAX,
        summary="Send the next chunk (Upload-Offset header)",
    )
    async def chunk(
        self,
        request: Request[Any, Any, Any],
        uid: Uid,
        evidence_service: NamedDependency[EvidenceService],
        offset: Annotated[int, HeaderParameter(name="Upload-Offset", ge=0)],
    ) -> Response[UploadState]:
        body = await request.body()
        try:
            state = await evidence_service.chunk(principal_of(request), uid, offset, body)
        except Conflict as exc:
            return Response(exc.state, status_code=HTTP_409_CONFLICT)
        except IntakeRejected as exc:
            raise refused(exc) from exc
        except NotFound as exc:
            raise NotFoundException("no such upload") from exc
        return Response(state)

    @get("/", summary="The proof of one order")
    async def of_order(
        self,
        request: Request[Any, Any, Any],
        eid: Annotated[str, Parameter(max_length=256)],
        evidence_service: NamedDependency[EvidenceService],
    ) -> EvidenceList:
        return EvidenceList(items=await evidence_service.for_order(principal_of(request), eid))

    @get("/{uid:str}", summary="One piece of evidence")
    async def show(
        self,
        request: Request[Any, Any, Any],
        uid: Uid,
        evidence_service: NamedDependency[EvidenceService],
    ) -> EvidenceOut:
        try:
            return (await evidence_service.find(principal_of(request), uid)).out
        except NotFound as exc:
            raise NotFoundException("no such evidence") from exc

    @get("/{uid:str}/image", summary="The stored image (EXIF stripped)")
    async def image(
        self,
        request: Request[Any, Any, Any],
        uid: Uid,
        evidence_service: NamedDependency[EvidenceService],
    ) -> Response[bytes]:
        return await self._blob(request, uid, evidence_service, thumb=False)

    @get("/{uid:str}/thumb", summary="A small JPEG for the office's lists")
    async def thumb(
        self,
        request: Request[Any, Any, Any],
        uid: Uid,
        evidence_service: NamedDependency[EvidenceService],
    ) -> Response[bytes]:
        return await self._blob(request, uid, evidence_service, thumb=True)

    async def _blob(
        self, request: Request[Any, Any, Any], uid: str, service: EvidenceService, *, thumb: bool
    ) -> Response[bytes]:
        try:
            found = await service.find(principal_of(request), uid)
        except NotFound as exc:
            raise NotFoundException("no such evidence") from exc
        sha = found.thumb_sha256 if thumb else found.out.sha256
        data = service.blob(sha)
        if data is None:
            raise NotFoundException("the image is missing from storage")
        mime = "image/jpeg" if thumb else found.out.mime
        return Response(data, media_type=mime, headers=_IMAGE_HEADERS)
