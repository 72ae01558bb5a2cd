"""Bookshop: a small online bookshop API built with FastAPI and SQLAlchemy.

The application object lives in :mod:`bookshop.main`; run it with
``uvicorn bookshop.main:app``.
"""

__version__ = "1.4.0"
