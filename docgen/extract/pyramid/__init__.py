"""Pyramid: URL dispatch (``add_route``, ``add_view``, ``@view_config``, ``include``) and Cornice services."""
