"""Business logic kept out of the HTTP layer."""
