"""Receiving, inspection and stock-count support for the handheld (issue 14)."""
