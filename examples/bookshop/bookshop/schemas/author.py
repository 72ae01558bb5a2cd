"""Author schemas."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, HttpUrl


class AuthorSummary(BaseModel):
    """The few author fields embedded in other resources (for example in a book)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


class AuthorRead(AuthorSummary):
    """An author as returned by the API.

    Attributes:
        bio: Short biography in Markdown.
        born: Date of birth, when known.
        website: Official website.
    """

    bio: str | None = Field(None, max_length=4000, description="Short biography (Markdown).")
    born: date | None = None
    website: HttpUrl | None = None
