"""The sync service: exactly-once push, partitioned pull, bootstrap, live pokes, compaction."""
