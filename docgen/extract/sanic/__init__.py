"""Sanic routes: apps, blueprints and groups, class views."""
