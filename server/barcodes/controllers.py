"""POST /api/barcodes/decode: a photo in (the raw image as the body), the codes out."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.status_codes import HTTP_200_OK

from server.barcodes.decode import read_codes
from server.barcodes.schemas import Decoded, DecodedCode
from server.evidence.controllers import refused
from server.evidence.intake import IntakeRejected
from server.evidence.policy import policy_of
from server.evidence.services import EvidenceService
from server.identity.middleware import principal_of, signed_in

# A 1280x720 JPEG is ~150 KB; a phone's full-size photo a few MB.
DECODE_MAX_BYTES = 8_000_000


class BarcodesController(Controller):
    path = "/api/barcodes"
    tags = ["barcodes"]
    guards = [signed_in]

    @post(
        "/decode",
        status_code=HTTP_200_OK,
        request_max_body_size=DECODE_MAX_BYTES,
        summary="Decode a photo's barcodes in the warehouse's symbologies",
    )
    async def decode(
        self,
        request: Request[Any, Any, Any],
        evidence_service: NamedDependency[EvidenceService],
    ) -> Decoded:
        who = principal_of(request)
        policy = await policy_of(evidence_service.connector, who.warehouse_id)
        body = await request.body()
        try:
            found = await anyio.to_thread.run_sync(
                read_codes, body, evidence_service.limits, policy.formats
            )
        except IntakeRejected as exc:
            raise refused(exc) from exc
        return Decoded(
            codes=[DecodedCode(text=f.text, format=f.format) for f in found],
            formats=list(policy.formats),
        )
