"""A realistic demo warehouse, so a fresh install shows a working day rather than empty lists."""
