"""The user account table.

This model predates the move to SQLAlchemy 2.0 typed mappings and still uses
classic ``Column`` declarations; both styles share the same declarative base.
"""

from sqlalchemy import Boolean, Column, DateTime, Integer, String, func
from sqlalchemy.orm import relationship

from bookshop.models.base import Base


class User(Base):
    """A customer or staff account.

    Attributes:
        email: Login e-mail address, unique.
        hashed_password: PBKDF2 hash of the password.
        is_active: Inactive users cannot log in.
        is_admin: Admins may use the ``/admin`` endpoints.
        orders: Orders placed by this user.
    """

    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    email = Column(String(255), unique=True, index=True, nullable=False)
    full_name = Column(String(120))
    hashed_password = Column(String(255), nullable=False)
    is_active = Column(Boolean, default=True, nullable=False)
    is_admin = Column(Boolean, default=False, nullable=False)
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    orders = relationship("Order", back_populates="user", cascade="all, delete-orphan")
