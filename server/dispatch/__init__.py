"""Dispatch: which courier carries which order (their route is all their phone syncs)."""
