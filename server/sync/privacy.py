"""The phone rule of the core (sync/privacy.py) applied to what the server sends.

A principal whose roles may not see recipients' full numbers gets every op with the
numbers masked, so a floor handheld never stores a number its user may not see. Ops are
rewritten only in transit: the log keeps the original.
"""

from __future__ import annotations

import msgspec

from server.identity.principal import Principal
from sync import privacy
from sync.op import Op, encode_json

_trusted = msgspec.json.Decoder(Op)  # log rows were checked by the strict decoder on push
_MARKERS = ('"order.create"', '"order.set_address"', '"order.set_field"')


def sees_phones(p: Principal) -> bool:
    return privacy.phone_visible(r.value for r in p.roles)


def mask_op_json(raw: str) -> str:
    """The op's canonical JSON with recipient phones masked (unchanged if it holds none)."""
    if "recipient_phone" not in raw or not any(m in raw for m in _MARKERS):
        return raw
    op = _trusted.decode(raw)
    masked = privacy.masked_payload(op.kind, op.payload)
    if masked is None:
        return raw
    return encode_json(msgspec.structs.replace(op, payload=masked)).decode()


def for_principal(p: Principal, ops: list[str]) -> list[str]:
    return ops if sees_phones(p) else [mask_op_json(o) for o in ops]
