"""django-ninja: NinjaAPI and Router operations, mounted in Django urlconfs through ``api.urls``."""
