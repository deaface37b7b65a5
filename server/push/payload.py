"""What a notification carries: a topic, a short text and "sync now". Never the data.

A push service accepts at most 4,096 bytes per message; with aes128gcm's header, tag and
padding delimiter that leaves 3,993 bytes of plaintext.
"""

from __future__ import annotations

import json
from enum import StrEnum

MAX_PAYLOAD = 3_993


class Topic(StrEnum):
    WAVE_READY = "wave_ready"  # printer
    NEEDS_REPRINT = "needs_reprint"  # printer
    SHORTAGE = "shortage"  # customer service
    FAILED_DELIVERY = "failed_delivery"  # customer service
    NEW_EXCEPTION = "new_exception"  # exception handler
    NEW_ASSIGNMENT = "new_assignment"  # courier
    ORDER_CHANGED = "order_changed"  # courier
    CRATE_OVERDUE = "crate_overdue"  # shipper


# The short texts (zh-CN: the staff's words); `{ref}` is an order or wave number, never more.
TEXTS: dict[Topic, str] = {
    Topic.WAVE_READY: "新批次可打印 {ref}",
    Topic.NEEDS_REPRINT: "订单需重新打印 {ref}",
    Topic.SHORTAGE: "缺货：{ref}",
    Topic.FAILED_DELIVERY: "派送失败：{ref}",
    Topic.NEW_EXCEPTION: "新的异常订单 {ref}",
    Topic.NEW_ASSIGNMENT: "新派送任务 {ref}",
    Topic.ORDER_CHANGED: "订单有变更，请同步 {ref}",
    Topic.CRATE_OVERDUE: "木箱超时未回 {ref}",
}


def payload(topic: Topic, ref: str = "") -> bytes:
    body = {
        "v": 1,
        "topic": topic.value,
        "text": TEXTS[topic].format(ref=ref[:64]).strip(),
        "sync": True,
    }
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    if len(data) > MAX_PAYLOAD:  # unreachable with the texts above; kept as the contract
        raise ValueError("push payload over 3,993 bytes")
    return data
