"""Waves 打单批次: schedule, order selection, documents, void/reprint, handoff, work log."""
