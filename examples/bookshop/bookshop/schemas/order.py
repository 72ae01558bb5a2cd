"""Order schemas."""

from datetime import datetime
from decimal import Decimal
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class OrderStatus(str, Enum):
    """Life cycle of an order."""

    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class Address(BaseModel):
    """A postal address."""

    name: str = Field(..., max_length=120, description="Recipient.")
    street: str = Field(..., max_length=200)
    postal_code: str = Field(..., max_length=12)
    city: str = Field(..., max_length=100)
    country: str = Field("FR", min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code.")


class OrderItemCreate(BaseModel):
    """One line of a new order."""

    book_id: int = Field(..., ge=1)
    quantity: int = Field(1, ge=1, le=10, description="Copies, at most ten per line.")


class OrderCreate(BaseModel):
    """Payload for placing an order.

    Attributes:
        items: Lines of the order, at least one.
        shipping_address: Where to send the books.
        note: Optional message for the shop.
    """

    items: list[OrderItemCreate] = Field(..., min_length=1, max_length=50)
    shipping_address: Address
    note: str | None = Field(None, max_length=500)


class OrderItemRead(BaseModel):
    """A stored order line; ``unit_price`` is the price when the order was placed."""

    model_config = ConfigDict(from_attributes=True)

    book_id: int
    quantity: int
    unit_price: Decimal


class OrderRead(BaseModel):
    """An order as returned by the API."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    status: OrderStatus
    items: list[OrderItemRead]
    total: Decimal
    created_at: datetime


class PaymentEvent(BaseModel):
    """Notification sent by the payment partner when a payment succeeds or fails."""

    order_id: int
    reference: str = Field(..., max_length=64, description="The partner's transaction id.")
    succeeded: bool
