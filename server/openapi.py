"""Request bodies the OpenAPI generator cannot see, written into the document by hand.

Push decodes its body itself (JSON or MessagePack, op by op, so one bad op does not sink
the batch) and import reads its multipart form itself (to name an unknown field): neither
has a `data` parameter, so Litestar documents no body, and schema-driven fuzzers such as
Schemathesis could not reach them (issue 9, finding 12). An operation class per route adds
the body to the operation's part of the document.
"""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import Operation


def with_request_body(body: dict[str, Any]) -> type[Operation]:
    """An Operation class whose document carries `body` as its `requestBody`."""

    class WithBody(Operation):
        def to_schema(self) -> dict[str, Any]:
            out = super().to_schema()
            out["requestBody"] = body
            return out

    return WithBody


def schema_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}
