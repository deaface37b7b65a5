"""Web Push: VAPID keys, subscriptions, the SSRF guard and the background sender.

A notification only says "something changed, sync now" with a short text; the data itself
always travels through the authenticated sync, never through a push service.
"""
