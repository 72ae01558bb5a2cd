"""Endpoint modules, one per resource; ``bookshop.api.router`` mounts them."""
