"""Follow-up actions on gaps, with a conversation between buyer and supplier."""
