"""Book catalogue endpoints: browse, add, edit, remove and review books."""

import logging
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, status

from bookshop.deps import SessionDep, get_current_user
from bookshop.models import Book, Review, User
from bookshop.schemas.book import BookCreate, BookRead, BookUpdate, Genre, ReviewCreate, ReviewRead
from bookshop.services.books import get_book_or_404, search_books

logger = logging.getLogger(__name__)

router = APIRouter()

NOT_FOUND = {404: {"description": "No book with this id."}}


@router.get("/", response_model=list[BookRead])
def list_books(
    db: SessionDep,
    q: str | None = None,
    genre: Genre | None = None,
    page: Annotated[int, Query(ge=1, description="1-based page number.")] = 1,
    page_size: int = Query(20, ge=1, le=100, description="Books per page."),
) -> list[Book]:
    """List books in the catalogue, newest first.

    Args:
        db: Database session.
        q: Case-insensitive substring matched against titles.
        genre: Only books of this genre.
        page: 1-based page number.
        page_size: Books per page.

    Returns:
        One page of books.
    """
    return search_books(db, q=q, genre=genre, offset=(page - 1) * page_size, limit=page_size)


@router.get("/{book_id}", response_model=BookRead, responses={404: {"description": "No book with this id."}})
def get_book(book_id: int, db: SessionDep, x_request_id: str | None = Header(default=None)) -> Book:
    """Fetch one book.

    Args:
        book_id: The book's id.
        db: Database session.
        x_request_id: Correlation id, echoed into the logs.

    Returns:
        The book and its author.

    Raises:
        HTTPException: 404 when the book does not exist or was deleted.
    """
    logger.debug("get_book %s (request %s)", book_id, x_request_id)
    return get_book_or_404(db, book_id)


@router.post("/", response_model=BookRead, status_code=201)
def create_book(book_in: BookCreate, db: SessionDep, current_user: User = Depends(get_current_user)) -> Book:
    """Add a book to the catalogue.

    Args:
        book_in: The new book.
        db: Database session.
        current_user: The authenticated user.

    Returns:
        The stored book.
    """
    book = Book(**book_in.model_dump(exclude={"tags"}))
    db.add(book)
    db.commit()
    logger.info("user %s added book %s", current_user.id, book.id)
    return get_book_or_404(db, book.id)


@router.put("/{book_id}", response_model=BookRead, responses=NOT_FOUND, deprecated=True)
def replace_book(
    book_id: int,
    book_in: BookCreate,
    db: SessionDep,
    current_user: Annotated[User, Depends(get_current_user)],
) -> Book:
    """Replace every field of a book.

    Deprecated since 1.3: use ``PATCH /books/{book_id}``, which keeps omitted fields.

    Args:
        book_id: The book's id.
        book_in: The new field values.
        db: Database session.
        current_user: The authenticated user.

    Returns:
        The updated book.
    """
    book = get_book_or_404(db, book_id)
    for field, value in book_in.model_dump(exclude={"tags"}).items():
        setattr(book, field, value)
    db.commit()
    return book


@router.patch("/{book_id}", response_model=BookRead, responses=NOT_FOUND)
def update_book(
    book_id: int,
    book_in: BookUpdate,
    db: SessionDep,
    current_user: Annotated[User, Depends(get_current_user)],
) -> Book:
    """Change some fields of a book.

    Args:
        book_id: The book's id.
        book_in: The fields to change; omitted ones are kept.
        db: Database session.
        current_user: The authenticated user.

    Returns:
        The updated book.
    """
    book = get_book_or_404(db, book_id)
    for field, value in book_in.model_dump(exclude_unset=True).items():
        setattr(book, field, value)
    db.commit()
    return book


@router.delete("/{book_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_book(book_id: int, db: SessionDep, current_user: User = Depends(get_current_user)) -> None:
    """Remove a book from the catalogue (a soft delete: past orders keep it).

    Args:
        book_id: The book's id.
        db: Database session.
        current_user: The authenticated user.
    """
    book = get_book_or_404(db, book_id)
    book.deleted_at = datetime.now(UTC)
    db.commit()


# Deliberately unauthenticated: guest reviews are accepted and moderated later.
# This is the example's state-changing route without auth.
@router.post("/{book_id}/reviews", response_model=ReviewRead, status_code=201, responses=NOT_FOUND)
def create_review(book_id: int, review_in: ReviewCreate, db: SessionDep) -> Review:
    """Post a reader review of a book.

    Args:
        book_id: The book reviewed.
        review_in: Rating and text.
        db: Database session.

    Returns:
        The stored review.
    """
    get_book_or_404(db, book_id)
    review = Review(book_id=book_id, **review_in.model_dump())
    db.add(review)
    db.commit()
    return review
