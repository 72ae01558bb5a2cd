"""SQLAlchemy ORM models.

Importing this package registers every table on :class:`Base.metadata`.
"""

from bookshop.models.base import Base
from bookshop.models.book import Author, Book, Review
from bookshop.models.order import Order, OrderItem
from bookshop.models.user import User

__all__ = ["Author", "Base", "Book", "Order", "OrderItem", "Review", "User"]
