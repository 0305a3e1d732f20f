"""Invitations to answer a request: the link landing page, the short code, and registration."""
