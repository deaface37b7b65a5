"""HTTP for the work log 工作记录: managers see everyone, staff see their own day."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, PermissionDeniedException
from litestar.params import QueryParameter

from server.identity.middleware import principal_of, signed_in
from server.orders.access import AnyRequest, staff_of
from server.roles import Role
from server.waves.schemas import WorkLogEntry
from server.waves.services import WavesService

# A day's window is [midnight, next midnight): 9999-12-31 has no next midnight (Schemathesis
# found the OverflowError, issue 9). Packline's work log days lie well inside these.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)


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
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ClientException(f"day must be from {FIRST_DAY} to {LAST_DAY}")
        p = principal_of(request)
        me = staff_of(p).code
        if not p.has_any(Role.MANAGER):
            if person not in (None, me):
                raise PermissionDeniedException("only a manager sees other people's work log")
            person = me
        return await waves_service.work_log(p, day, person)
