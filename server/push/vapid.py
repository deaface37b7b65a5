"""The server's VAPID key pair: generated on first start, kept with the data (0600).

The private key never leaves this module as text: it is read into a `Vapid02` object that
pywebpush signs with, and nothing here logs it.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from py_vapid import Vapid02

KEY_FILE = "vapid_private.pem"


def load_or_create(directory: Path) -> Vapid02:
    path = directory / KEY_FILE
    if path.exists():
        return Vapid02.from_file(str(path))
    directory.mkdir(parents=True, exist_ok=True)
    vapid = Vapid02()
    vapid.generate_keys()
    pem = vapid.private_pem()
    # O_EXCL: two processes starting at once keep the first key, not half of each.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return Vapid02.from_file(str(path))
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return vapid


def application_server_key(vapid: Vapid02) -> str:
    """The public key as PushManager.subscribe wants it: uncompressed point, base64url."""
    raw = vapid.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
