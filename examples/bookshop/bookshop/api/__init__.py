"""HTTP layer: routers and endpoint modules."""
