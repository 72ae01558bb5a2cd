"""A bookshop's GraphQL schema in Strawberry: docgen reads it, never imports it.

strawberry_app.graphql is what Strawberry printed for ``big_schema`` when this file was written
(``strawberry export-schema strawberry_app:big_schema``, Strawberry installed in a virtualenv of its own).
"""

# ruff: noqa: UP045  (Optional[...] and X | None are both read: the fixture keeps both spellings)

import enum
from typing import Optional

import strawberry


@strawberry.enum
class Genre(enum.Enum):
    FICTION = "fiction"
    HISTORY = "history"


@strawberry.interface
class Node:
    id: strawberry.ID


@strawberry.type(description="A book in the catalogue.")
class Book(Node):
    title: str
    genre: Genre
    page_count: Optional[int] = None
    tags: list[str] = strawberry.field(default_factory=list, description="Free-form labels.")


@strawberry.input
class BookInput:
    title: str
    genre: Genre = Genre.FICTION
    page_count: int | None = None


@strawberry.type
class Query:
    @strawberry.field(description="All books, newest first.")
    def books(self, limit: int = 10, genre: Optional[Genre] = None) -> list[Book]:
        return []

    @strawberry.field
    def book(self, id: strawberry.ID) -> Optional[Book]:
        """One book by id."""
        return None


@strawberry.type
class Mutation:
    @strawberry.mutation
    def add_book(self, book: BookInput) -> Book:
        raise NotImplementedError


@strawberry.type(name="Review")
class ReviewType:
    stars: int
    body: Optional[str] = strawberry.field(default=None, deprecation_reason="Use text.")
    text: str = strawberry.field(name="content", description="What the reviewer wrote,\nin full.")


@strawberry.type
class Unused:
    x: int


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def reviews(self, info: strawberry.Info, book_id: strawberry.ID, min_stars: int = 1) -> ReviewType:
        yield None  # type: ignore[misc]


@strawberry.type
class RootQuery(Query):
    @strawberry.field(deprecation_reason="No longer supported")
    def latest(self) -> list[Optional[ReviewType]]:
        return []


big_schema = strawberry.Schema(query=RootQuery, mutation=Mutation, subscription=Subscription)
