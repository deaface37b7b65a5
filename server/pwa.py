"""Serve the built PWA from the API process, with caching that keeps offline updates sane.

Hashed assets never change, so they are immutable; index.html and sw.js must be revalidated
or a phone would keep an old shell (and an old service worker) forever.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from litestar import Response, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File

mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
SHORT = "public, max-age=3600"
NO_CACHE_NAMES = {"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"}
NOT_BUILT = (
    "<!doctype html><meta charset=utf-8><title>Packline</title>"
    "<p>The PWA has not been built yet. Run <code>make build-pwa</code>."
)


def cache_control(relative: str) -> str:
    if relative in NO_CACHE_NAMES:
        return NO_CACHE
    if relative.startswith("assets/"):
        return IMMUTABLE
    return SHORT


def resolve(root: Path, path: str) -> Path | None:
    """Map a URL path to a file under root, refusing anything that escapes it."""
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def pwa_router(pwa_dir: str) -> Router:
    root = Path(pwa_dir).resolve()

    def serve(path: str) -> Response[str] | File:
        path = path.lstrip("/")
        if path.startswith(("api/", "schema/")) or path in {"api", "schema"}:
            raise NotFoundException(f"no route for /{path}")
        found = resolve(root, path) if path else None
        if found is None:
            # Extension-less paths are app routes; anything else is a missing file.
            if Path(path).suffix:
                raise NotFoundException(f"no file /{path}")
            found = root / "index.html"
            if not found.is_file():
                return Response(NOT_BUILT, media_type="text/html", status_code=503)
        relative = found.relative_to(root).as_posix()
        media_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return File(
            path=found,
            media_type=media_type,
            content_disposition_type="inline",
            headers={"Cache-Control": cache_control(relative)},
        )

    @get("/", include_in_schema=False, sync_to_thread=False)
    def pwa_index() -> Response[str] | File:
        return serve("")

    @get("/{path:path}", include_in_schema=False, sync_to_thread=False)
    def pwa_file(path: FromPath[str]) -> Response[str] | File:
        return serve(path)

    return Router(path="/", route_handlers=[pwa_index, pwa_file], opt={"exclude_from_auth": True})
