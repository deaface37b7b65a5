"""Staff roles, as named in the warehouse's own job descriptions (see shared/domain.md)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PRINTER = "printer"  # 打单员
    PICKER = "picker"  # 备货员·发货员
    PACKER = "packer"  # 打包人 (木箱)
    QC = "qc"  # 质检
    EXCEPTIONS = "exceptions"  # 异常订单处理员
    CS = "cs"  # 客服
    COURIER = "courier"  # 快递员·送货员
    MANAGER = "manager"  # 经理·仓管
    ADMIN = "admin"


def parse_roles(stored: str) -> list[Role]:
    return [Role(r) for r in stored.split(",") if r]


def format_roles(roles: list[Role]) -> str:
    return ",".join(sorted({r.value for r in roles}))
