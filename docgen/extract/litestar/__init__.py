"""Litestar: applications, routers, controllers and the route handlers they register."""
