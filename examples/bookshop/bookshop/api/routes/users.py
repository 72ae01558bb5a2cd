"""Account endpoints: registration, login and the current user's profile."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy import select

from bookshop.deps import SessionDep, get_current_user
from bookshop.models import User
from bookshop.schemas.user import Token, UserCreate, UserRead
from bookshop.services.security import create_access_token, hash_password, verify_password

router = APIRouter()


@router.post("/token", response_model=Token, responses={401: {"description": "Wrong e-mail or password."}})
def login(form_data: Annotated[OAuth2PasswordRequestForm, Depends()], db: SessionDep) -> Token:
    """Exchange an e-mail address and password for a bearer token (OAuth2 password flow).

    Args:
        form_data: The ``username`` (e-mail) and ``password`` form fields.
        db: Database session.

    Returns:
        An access token.

    Raises:
        HTTPException: 401 when the credentials are wrong or the account is inactive.
    """
    user = db.scalar(select(User).where(User.email == form_data.username))
    if user is None or not user.is_active or not verify_password(form_data.password, user.hashed_password):
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Incorrect e-mail or password")
    return Token(access_token=create_access_token(user.id))


@router.post("/", response_model=UserRead, status_code=201, responses={409: {"description": "E-mail taken."}})
def register(user_in: UserCreate, db: SessionDep) -> User:
    """Create a customer account.

    Args:
        user_in: E-mail, name and password.
        db: Database session.

    Returns:
        The new account.

    Raises:
        HTTPException: 409 when the e-mail address is already registered.
    """
    if db.scalar(select(User.id).where(User.email == user_in.email)) is not None:
        raise HTTPException(status_code=409, detail="E-mail already registered")
    user = User(
        email=user_in.email,
        full_name=user_in.full_name,
        hashed_password=hash_password(user_in.password),
    )
    db.add(user)
    db.commit()
    return user


@router.get("/me", response_model=UserRead)
def read_me(current_user: User = Depends(get_current_user)) -> User:
    """Return the authenticated user's profile.

    Args:
        current_user: The authenticated user.

    Returns:
        The user.
    """
    return current_user
