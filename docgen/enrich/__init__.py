"""Enrichers: Ruff findings and git history for the analysed files, joined to the catalog by location.

``docgen.enrich.ruff`` runs Ruff once over the analysed files; ``docgen.enrich.git`` reads the
history of those files in one ``git log`` pass plus blame of the symbols that need it. Neither
module imports the other, and GitPython is only imported inside ``docgen.enrich.git``.
"""
