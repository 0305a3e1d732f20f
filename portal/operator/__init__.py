"""Operator feature package."""
