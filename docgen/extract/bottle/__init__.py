"""Bottle: apps, route decorators and mounts."""
