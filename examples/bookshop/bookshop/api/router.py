"""The versioned API router, assembled from the endpoint modules.

:mod:`bookshop.main` mounts ``api_router`` under ``settings.API_V1_STR``.
"""

from fastapi import APIRouter

from bookshop.api.routes import admin, authors, books, orders, users

ADMIN_PREFIX = "/admin"

api_router = APIRouter()
api_router.include_router(books.router, prefix="/books", tags=["books"])
api_router.include_router(authors.router, prefix="/authors", tags=["authors"])
api_router.include_router(orders.router, prefix="/orders", tags=["orders"])
api_router.include_router(users.router, prefix="/users", tags=["users"])
api_router.include_router(admin.router, prefix=ADMIN_PREFIX, tags=["admin"])
