"""Findings: independent evidence about a supplier that may contradict its answers."""
