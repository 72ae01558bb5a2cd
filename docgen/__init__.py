"""docgen: API documentation and code-quality sites for Python backends, by static analysis."""

__version__ = "0.1.0"
