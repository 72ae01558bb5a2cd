"""aiohttp: applications, route tables, sub-applications and class-based views."""
