"""Order tables: an order and its line items."""

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Enum as SAEnum
from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bookshop.models.base import Base, TimestampMixin
from bookshop.schemas.order import OrderStatus

if TYPE_CHECKING:
    from bookshop.models.book import Book
    from bookshop.models.user import User


class Order(TimestampMixin, Base):
    """A customer's order.

    Attributes:
        id: Primary key.
        user_id: Foreign key to the customer.
        status: Where the order is in its life cycle.
        shipping_address: The address as JSON.
        payment_reference: The payment partner's transaction id, once paid.
        user: The customer.
        items: Line items.
    """

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(SAEnum(OrderStatus), default=OrderStatus.PENDING)
    shipping_address: Mapped[str] = mapped_column(Text)
    payment_reference: Mapped[str | None] = mapped_column(String(64), unique=True)

    user: Mapped["User"] = relationship(back_populates="orders")
    items: Mapped[list["OrderItem"]] = relationship(back_populates="order", cascade="all, delete-orphan")

    @property
    def total(self) -> Decimal:
        """Sum of the line items, in euros."""
        return sum((item.unit_price * item.quantity for item in self.items), Decimal(0))


class OrderItem(Base):
    __tablename__ = "order_items"
    __table_args__ = (UniqueConstraint("order_id", "book_id", name="uq_order_items_order_book"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    quantity: Mapped[int] = mapped_column(default=1)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(8, 2))

    order: Mapped[Order] = relationship(back_populates="items")
    book: Mapped["Book"] = relationship(back_populates="order_items")
