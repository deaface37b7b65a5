from __future__ import annotations

from litestar import Controller, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED

from server.diagnostics.schemas import ClientReport, Received
from server.logs import get_logger

log = get_logger("packline.client")


class DiagnosticsController(Controller):
    path = "/api/diagnostics"
    tags = ["diagnostics"]

    @post("/client-report", status_code=HTTP_202_ACCEPTED, summary="Log a fault seen on a device")
    async def client_report(self, data: JSONBody[ClientReport]) -> Received:
        log.warning(
            "client report", **{f"client_{f}": getattr(data, f) for f in data.__struct_fields__}
        )
        return Received()
