"""Secrets are stored only as hashes."""

from __future__ import annotations

import asyncio

from server.db.database import Database
from server.db.tables import AppUser, Device, EnrollmentCode
from server.identity import admin
from server.identity.tokens import normalise_code
from server.security import verify_pin
from server.settings import Settings


def test_codes_tokens_and_pins_are_hashed(demo_loaded: Settings) -> None:
    Database(demo_loaded).bind()

    async def run() -> None:
        enrollment = await admin.create_enrollment("SH01")
        device_id, token, _ = await admin.claim_device(enrollment.code)
        codes = await EnrollmentCode.select(EnrollmentCode.code_hash).run()
        assert all(enrollment.code not in str(c) for c in codes)
        device = await Device.select().where(Device.device_id == device_id).first().run()
        assert device is not None and token not in str(device) and device["token_hash"]
        user = await AppUser.select().where(AppUser.employee_code == "K001").first().run()
        assert user is not None and user["pin_hash"].startswith("scrypt$")
        assert verify_pin("1234", user["pin_hash"]) and not verify_pin("1235", user["pin_hash"])

    asyncio.run(run())


def test_normalise_code() -> None:
    assert normalise_code("abcd efgh") == "ABCD-EFGH"
    assert normalise_code("ABCD-EFGH") == "ABCD-EFGH"
