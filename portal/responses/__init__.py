"""Responses: the supplier's answers, evidence, acknowledgements and shares."""
