"""Requests: a questionnaire version issued by a buyer to a supplier, with its invitation."""
