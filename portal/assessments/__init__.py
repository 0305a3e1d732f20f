"""Stored assessments of submitted responses, and buyers' overrides."""
