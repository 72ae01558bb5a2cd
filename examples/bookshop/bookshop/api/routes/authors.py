"""Author endpoints."""

import logging  # Deliberate lint finding (ruff F401, unused import), kept for docgen's quality page.

from fastapi import APIRouter, HTTPException, Query
from sqlalchemy import select

from bookshop.deps import SessionDep
from bookshop.models import Author
from bookshop.schemas.author import AuthorRead

router = APIRouter()


@router.get("/", response_model=list[AuthorRead])
def list_authors(
    db: SessionDep,
    limit: int = Query(50, ge=1, le=100, description="Authors per page."),
    offset: int = Query(0, ge=0),
) -> list[Author]:
    return list(db.scalars(select(Author).order_by(Author.name).offset(offset).limit(limit)))


@router.get("/{author_id}", response_model=AuthorRead, responses={404: {"description": "No such author."}})
def get_author(author_id: int, db: SessionDep) -> Author:
    """Fetch one author.

    Args:
        author_id: The author's id.
        db: Database session.
        include_books: Whether to embed the author's books in the response.

    Returns:
        The author.

    Raises:
        HTTPException: 404 when there is no such author.
    """
    author = db.get(Author, author_id)
    if author is None:
        raise HTTPException(status_code=404, detail="Author not found")
    return author
