"""Content-addressed blob storage: a blob's name is the sha256 of its bytes.

The same bytes uploaded twice (a retried upload, two orders photographed with one shot)
are stored once. `BlobStore` is the interface; `LocalBlobStore` keeps files under the data
directory. An S3-compatible store implements the same three methods, with the sha256 as
the object key.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def address(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store the bytes (once) and return their sha256."""

    def get(self, sha256: str) -> bytes | None:
        """The bytes, or None if no such blob."""

    def has(self, sha256: str) -> bool: ...


class LocalBlobStore:
    """Files at `<root>/<aa>/<bb>/<sha256>`, written to a temporary file and renamed, so a
    crash mid-write never leaves a half blob under a valid name."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise ValueError("not a sha256 address")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        sha = address(data)
        path = self._path(sha)
        if path.exists():
            return sha
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha256: str) -> bytes | None:
        try:
            return self._path(sha256).read_bytes()
        except (FileNotFoundError, ValueError):
            return None

    def has(self, sha256: str) -> bool:
        try:
            return self._path(sha256).exists()
        except ValueError:
            return False
