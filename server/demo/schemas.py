from __future__ import annotations

from server.schemas import Schema


class DemoUser(Schema):
    employee_code: str
    name: str
    roles: list[str]
    warehouse_code: str


class DemoEnroll(Schema):
    warehouse_code: str = "SH01"
    label: str = "demo browser"
