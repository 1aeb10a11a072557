"""Turning stored extractions into what users ask for: timeline items and their order."""
