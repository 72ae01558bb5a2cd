"""Book and review schemas.

``BookBase`` holds the fields shared by input and output; ``BookCreate`` and
``BookRead`` extend it for each direction.
"""

from decimal import Decimal
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from bookshop.schemas.author import AuthorSummary


class Genre(str, Enum):
    """Catalogue genres."""

    FICTION = "fiction"
    NON_FICTION = "non-fiction"
    SCIENCE = "science"
    HISTORY = "history"
    CHILDREN = "children"


class BookBase(BaseModel):
    """Fields common to every book representation.

    Attributes:
        title: Book title.
        isbn: ISBN-10 or ISBN-13, digits only.
        price: Unit price in euros.
        genre: Catalogue genre.
        tags: Free-form labels used by search.
    """

    title: str = Field(..., min_length=1, max_length=200, description="Book title.")
    isbn: str = Field(..., pattern=r"^\d{10}(\d{3})?$", description="ISBN-10 or ISBN-13, digits only.")
    price: Decimal = Field(..., ge=0, max_digits=8, decimal_places=2, description="Unit price in euros.")
    genre: Genre = Genre.FICTION
    tags: list[str] = Field(default_factory=list, max_length=10)


class BookCreate(BookBase):
    """Payload for adding a book to the catalogue."""

    author_id: int = Field(..., ge=1, description="Id of an existing author.")
    stock: int = Field(0, ge=0, description="Copies received.")


class BookUpdate(BaseModel):
    """Partial update of a book; omitted fields are left unchanged."""

    title: str | None = Field(None, max_length=200)
    price: Decimal | None = Field(None, ge=0)
    genre: Genre | None = None
    stock: int | None = Field(None, ge=0)


class BookRead(BookBase):
    """A book as returned by the API, with its author."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    stock: int
    author: AuthorSummary


class ReviewCreate(BaseModel):
    """A reader review."""

    rating: int = Field(..., ge=1, le=5, description="One to five stars.")
    nickname: str = Field("anonymous", max_length=40)
    body: str = Field("", max_length=2000)


class ReviewRead(ReviewCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int
    book_id: int
