"""Tornado: Application handler lists and RequestHandler verbs."""
