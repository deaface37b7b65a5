"""Storage: the one place that knows connections and SQL dialects.

* `Connector` hands out raw connections (`Conn`) for units of work: a write transaction
  (BEGIN IMMEDIATE on SQLite, a pooled transaction on PostgreSQL), a snapshot read, or one
  pooled read statement. SQL is written once with `?` placeholders for both back ends.
* `stamp`, `member`, `chunks`, `fetch_in`: the portable helpers queries are built with.
* `server.db.oplog`: the statements over the op log and the tables derived from it.
* `server.db.tables` (Piccolo tables), `server.db.database` (the app's handle: Piccolo
  engine plus Connector), `server.db.migrate` (Alembic), `server.db.url`.
"""

from server.db._connector import Connector
from server.db._sql import Conn, Row, chunks, fetch_in, member, stamp

__all__ = ["Conn", "Connector", "Row", "chunks", "fetch_in", "member", "stamp"]
