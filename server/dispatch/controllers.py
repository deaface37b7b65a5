from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Request, post
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from server.db.tables import AppUser, CourierRoute, OpLog, SyncEntity, UserWarehouse
from server.identity.middleware import principal_of, requires
from server.roles import Role, parse_roles
from server.sync.notify import poke
from server.sync.schemas import RouteAssign


class DispatchController(Controller):
    path = "/api/dispatch"
    tags = ["dispatch"]
    guards = [requires(Role.MANAGER)]

    @post("/routes", status_code=HTTP_200_OK, summary="Put an order on a courier's route")
    async def assign(
        self, request: Request[Any, Any, Any], data: JSONBody[RouteAssign]
    ) -> dict[str, Any]:
        p = principal_of(request)
        order = (
            await SyncEntity.select(SyncEntity.id)
            .where(
                SyncEntity.etype == "order",
                SyncEntity.eid == data.eid,
                SyncEntity.warehouse == p.warehouse_id,
            )
            .first()
            .run()
        )
        courier = (
            await AppUser.select(AppUser.id, AppUser.roles)
            .where(
                AppUser.employee_code == data.courier,
                AppUser.id.is_in(
                    UserWarehouse.select(UserWarehouse.user).where(
                        UserWarehouse.warehouse == p.warehouse_id
                    )
                ),
            )
            .first()
            .run()
        )
        if order is None or courier is None or Role.COURIER not in parse_roles(courier["roles"]):
            raise NotFoundException("no such order or courier in this warehouse")
        head = await OpLog.select(OpLog.seq).order_by(OpLog.seq, ascending=False).first().run()
        seq = int(head["seq"]) if head else 0
        # assigned_seq = head + 1: even a device whose cursor is exactly the head gets the
        # order's earlier history on its next pull (resent, idempotently, until the log moves).
        await CourierRoute.delete().where(CourierRoute.eid == data.eid).run()
        await CourierRoute.insert(
            CourierRoute(
                warehouse=p.warehouse_id,
                eid=data.eid,
                courier=courier["id"],
                assigned_at=datetime.now(UTC),
                assigned_seq=seq + 1,
            )
        ).run()
        poke(request.app.state["sync"].channels, p.warehouse_id, seq)
        return {"eid": data.eid, "courier": data.courier}
