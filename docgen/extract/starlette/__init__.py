"""Starlette: route lists, mounts and hosts, for Starlette apps and the Starlette layer under FastAPI."""
