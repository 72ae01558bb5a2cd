"""Catalogue tables: authors, books and reader reviews."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Enum as SAEnum
from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bookshop.models.base import Base, TimestampMixin
from bookshop.schemas.book import Genre

if TYPE_CHECKING:
    from bookshop.models.order import OrderItem


class Author(TimestampMixin, Base):
    """A person who wrote one or more books."""

    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, index=True)
    bio: Mapped[str | None] = mapped_column(Text)
    born: Mapped[date | None]
    website: Mapped[str | None] = mapped_column(String(255))

    books: Mapped[list["Book"]] = relationship(back_populates="author", cascade="all, delete-orphan")


class Book(TimestampMixin, Base):
    """A title on sale.

    Attributes:
        id: Primary key.
        title: Book title; unique per author.
        isbn: ISBN-10 or ISBN-13, unique.
        price: Unit price in euros.
        genre: Catalogue genre.
        stock: Copies available.
        author_id: Foreign key to the author.
        deleted_at: Soft-deletion time; deleted books are hidden from listings.
        author: The book's author.
        reviews: Reader reviews.
        order_items: Order lines that include this book.
    """

    __tablename__ = "books"
    __table_args__ = (
        UniqueConstraint("title", "author_id", name="uq_books_title_author"),
        Index("ix_books_genre_price", "genre", "price"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    isbn: Mapped[str] = mapped_column(String(13), unique=True)
    price: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    genre: Mapped[Genre] = mapped_column(SAEnum(Genre), default=Genre.FICTION)
    stock: Mapped[int] = mapped_column(default=0)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"))
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    author: Mapped[Author] = relationship(back_populates="books")
    reviews: Mapped[list["Review"]] = relationship(back_populates="book", cascade="all, delete-orphan")
    order_items: Mapped[list["OrderItem"]] = relationship(back_populates="book")


class Review(TimestampMixin, Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int]
    nickname: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text, default="")

    book: Mapped[Book] = relationship(back_populates="reviews")
