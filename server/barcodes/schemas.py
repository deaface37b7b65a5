"""What the decode endpoint answers."""

from __future__ import annotations

from server.schemas import Schema


class DecodedCode(Schema):
    text: str
    format: str


class Decoded(Schema):
    codes: list[DecodedCode]
    formats: list[str]
