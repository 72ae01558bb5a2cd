"""FastAPI dependencies: database sessions, authentication and authorisation.

Users authenticate with an OAuth2 bearer token obtained from
``POST /api/v1/users/token``; payment partners send an ``X-API-Key`` header.
"""

from typing import Annotated

from fastapi import Depends, HTTPException, Security, status
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from sqlalchemy.orm import Session

from bookshop.config import settings
from bookshop.db import get_db
from bookshop.models import User
from bookshop.services.security import decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl=f"{settings.API_V1_STR}/users/token")
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)

SessionDep = Annotated[Session, Depends(get_db)]


def get_current_user(token: Annotated[str, Depends(oauth2_scheme)], db: SessionDep) -> User:
    """Resolve the bearer token to an active user.

    Args:
        token: The bearer token from the ``Authorization`` header.
        db: Database session.

    Returns:
        The authenticated user.

    Raises:
        HTTPException: 401 when the token is invalid or the user is unknown or inactive.
    """
    user_id = decode_access_token(token)
    user = db.get(User, user_id) if user_id is not None else None
    if user is None or not user.is_active:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Could not validate credentials",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_admin(user: CurrentUser) -> User:
    """Let only administrators through; raises HTTPException 403 for anyone else."""
    if not user.is_admin:
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Administrators only")
    return user


def verify_api_key(api_key: Annotated[str | None, Security(api_key_header)]) -> str:
    """Accept only the payment partners' keys; raises HTTPException 401 otherwise."""
    if api_key is None or api_key not in settings.PARTNER_API_KEYS:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Invalid API key")
    return api_key
