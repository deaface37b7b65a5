"""HTTP for the work log 工作记录: managers see everyone, staff see their own day."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.params import QueryParameter

from server.identity.middleware import principal_of, signed_in
from server.orders.access import AnyRequest, staff_of
from server.roles import Role
from server.waves.schemas import WorkLogEntry
from server.waves.services import WavesService


class WorkLogController(Controller):
    path = "/api/worklog"
    tags = ["work log"]

    @get("/", guards=[signed_in], summary="Per person, per day: waves, labels, reprints, voids")
    async def day(
        self,
        request: AnyRequest,
        waves_service: NamedDependency[WavesService],
        day: Annotated[date | None, QueryParameter()] = None,
        person: Annotated[str | None, QueryParameter(max_length=32)] = None,
    ) -> list[WorkLogEntry]:
        p = principal_of(request)
        me = staff_of(p).code
        if not p.has_any(Role.MANAGER):
            if person not in (None, me):
                raise PermissionDeniedException("only a manager sees other people's work log")
            person = me
        return await waves_service.work_log(p, day, person)
