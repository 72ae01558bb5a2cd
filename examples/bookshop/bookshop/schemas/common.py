"""Small response models shared by several endpoints."""

from datetime import UTC, datetime
from decimal import Decimal

from pydantic import BaseModel, Field


class Message(BaseModel):
    """A plain acknowledgement."""

    detail: str


class HealthStatus(BaseModel):
    """Liveness report returned by ``/health``.

    Attributes:
        status: ``ok`` when the service can answer requests.
        database: ``ok`` or ``unavailable``.
        version: Running application version.
        checked_at: When the check ran.
    """

    status: str = "ok"
    database: str = "ok"
    version: str
    checked_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class ShopStats(BaseModel):
    """Sales figures for the admin dashboard."""

    days: int = Field(..., ge=1, le=365, description="Length of the reporting window.")
    orders: int = Field(0, ge=0, description="Orders placed in the window.")
    revenue: Decimal = Field(Decimal(0), ge=0, description="Value of paid orders, in euros.")
    new_users: int = Field(0, ge=0, description="Accounts registered in the window.")
