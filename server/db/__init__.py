"""Database access: URL parsing, Piccolo engines, tables and Alembic migrations."""
