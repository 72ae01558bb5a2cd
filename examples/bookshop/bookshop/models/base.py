"""Declarative base and shared column helpers."""

from datetime import datetime

from sqlalchemy import DateTime, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Base class of every ORM model."""


class TimestampMixin:
    """Adds a ``created_at`` column set by the database on insert."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
