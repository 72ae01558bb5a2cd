"""Catalogue queries shared by the book endpoints."""

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bookshop.models import Book
from bookshop.schemas.book import Genre


def get_book_or_404(db: Session, book_id: int) -> Book:
    """Load a book that has not been deleted, with its author.

    Raises:
        HTTPException: 404 when there is no such book.
    """
    book = db.get(Book, book_id, options=[joinedload(Book.author)])
    if book is None or book.deleted_at is not None:
        raise HTTPException(status_code=404, detail="Book not found")
    return book


def search_books(db: Session, *, q: str | None, genre: Genre | None, offset: int, limit: int) -> list[Book]:
    """Find books whose title contains ``q`` (any case), newest first.

    Args:
        db: Database session.
        q: Substring of the title, or None for all books.
        genre: Only books of this genre, or None for every genre.
        offset: Rows to skip.
        limit: Maximum rows returned.

    Returns:
        The matching books.
    """
    # Deliberate lint finding (ruff E711), kept for docgen's quality page: SQLAlchemy
    # turns `== None` into IS NULL, but `.is_(None)` is the lint-clean spelling.
    stmt = select(Book).options(joinedload(Book.author)).where(Book.deleted_at == None)
    if q:
        stmt = stmt.where(Book.title.ilike(f"%{q}%"))
    if genre is not None:
        stmt = stmt.where(Book.genre == genre)
    return list(db.scalars(stmt.order_by(Book.created_at.desc()).offset(offset).limit(limit)))
