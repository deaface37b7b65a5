"""Bearer secrets. They carry 256 bits, so a fast hash suffices (PINs get scrypt instead)."""

from __future__ import annotations

import hashlib
import secrets

DEVICE_PREFIX = "pld_"
SESSION_PREFIX = "pls_"
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes get typed on phones


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(prefix: str) -> tuple[str, str]:
    token = prefix + secrets.token_urlsafe(32)
    return token, token_hash(token)


def new_enrollment_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    """Accept what people type: lower case, spaces, missing dash."""
    raw = "".join(c for c in code.upper() if c.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def new_device_id() -> str:
    return "D" + secrets.token_hex(5).upper()
