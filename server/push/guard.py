"""Which push endpoints the server will POST to (an SSRF guard).

A subscription's endpoint comes from a browser, so from anyone who can sign in: without
this check, "subscribe http://169.254.169.254/latest/meta-data" would make the server fetch
the cloud metadata service. Production allows HTTPS on port 443 at the known push services
only; the sender also refuses redirects. Tests opt in to http://127.0.0.1 explicitly.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Exact hosts, and suffixes (a leading dot) of the browsers' push services.
PUSH_HOSTS = frozenset(
    {
        "fcm.googleapis.com",  # Chrome, Edge on Android, most Chromium browsers
        "android.googleapis.com",
        "updates.push.services.mozilla.com",  # Firefox
        "web.push.apple.com",  # Safari
    }
)
PUSH_SUFFIXES = (".push.apple.com", ".notify.windows.com", ".push.services.mozilla.com")


class EndpointRefused(ValueError):
    """Not a push service this server will talk to."""


def check_endpoint(endpoint: str, *, allow_loopback: bool = False) -> str:
    """The endpoint, if allowed; else EndpointRefused saying why."""
    if len(endpoint) > 1024:
        raise EndpointRefused("endpoint is too long")
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError as exc:
        raise EndpointRefused("endpoint is not a URL") from exc
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.username or parts.password or not host:
        raise EndpointRefused("endpoint must be a plain https URL of a push service")
    if allow_loopback and parts.scheme == "http" and host == "127.0.0.1":
        return endpoint
    if parts.scheme != "https" or port not in (None, 443):
        raise EndpointRefused("push endpoints must be https on port 443")
    if host not in PUSH_HOSTS and not host.endswith(PUSH_SUFFIXES):
        raise EndpointRefused(f"{host} is not a known push service")
    return endpoint
