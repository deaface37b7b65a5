from __future__ import annotations

from server.schemas import Schema


class SchemaState(Schema):
    current: str | None
    head: str | None
    up_to_date: bool


class DatabaseState(Schema):
    kind: str
    reachable: bool
    url: str


class Health(Schema):
    status: str
    version: str
    database: DatabaseState
    schema: SchemaState
