"""Main feature package."""
