"""Shipping settings of a warehouse: crate handoff slots and promotion mode."""
