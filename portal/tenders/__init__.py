"""Tenders and contracts: the procurement context questionnaires are issued for."""
