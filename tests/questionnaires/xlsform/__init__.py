"""Helpers that build XLSForm files (.xlsx, .xls, .csv, .md) at test time."""
