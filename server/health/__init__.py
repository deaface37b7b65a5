"""Liveness and readiness: version, database kind and reachability, schema revision."""
