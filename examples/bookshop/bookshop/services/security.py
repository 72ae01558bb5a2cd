"""Password hashing and signed access tokens."""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

import jwt

from bookshop.config import settings

ALGORITHM = "HS256"
_ITERATIONS = 240_000


def hash_password(password: str) -> str:
    """Hash a password with PBKDF2-SHA256 and a random salt, as ``salt$hash`` in hex."""
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, _ITERATIONS)
    return f"{salt.hex()}${digest.hex()}"


def verify_password(password: str, hashed: str) -> bool:
    """Check a password against a value produced by :func:`hash_password`."""
    salt_hex, _, digest_hex = hashed.partition("$")
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt_hex), _ITERATIONS)
    return hmac.compare_digest(digest.hex(), digest_hex)


def create_access_token(user_id: int) -> str:
    """Sign a JWT for a user.

    Args:
        user_id: Stored in the ``sub`` claim.

    Returns:
        The encoded token, valid for ``settings.ACCESS_TOKEN_EXPIRE_MINUTES``.
    """
    expire = datetime.now(UTC) + timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES)
    return jwt.encode({"sub": str(user_id), "exp": expire}, settings.SECRET_KEY, algorithm=ALGORITHM)


def decode_access_token(token: str) -> int | None:
    """Return the user id a token was issued for, or None if it is invalid or expired."""
    try:
        payload = jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM])
        return int(payload["sub"])
    except (jwt.PyJWTError, KeyError, ValueError):
        return None
