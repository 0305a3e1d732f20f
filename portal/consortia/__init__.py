"""Consortia: groups of buyers that share supplier results."""
