"""Falcon routes: apps, resources and their responders."""
