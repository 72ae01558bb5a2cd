"""Data models: Pydantic, SQLAlchemy, marshmallow, MongoDB ODMs, dataclasses and attrs, GraphQL types."""
