"""Pyramid: URL dispatch (``Configurator.add_route``, ``add_view``, ``@view_config``, ``include``)."""
