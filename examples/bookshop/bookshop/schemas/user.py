"""User and authentication schemas."""

from pydantic import BaseModel, ConfigDict, Field


class UserBase(BaseModel):
    """Fields common to every user representation."""

    email: str = Field(..., max_length=255, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    full_name: str | None = Field(None, max_length=120)


class UserCreate(UserBase):
    """Registration payload."""

    password: str = Field(..., min_length=8, max_length=128)


class UserRead(UserBase):
    """A user as returned by the API."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    is_active: bool = True


class Token(BaseModel):
    """An OAuth2 bearer token response."""

    access_token: str
    token_type: str = "bearer"
