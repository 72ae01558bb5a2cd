"""docgen's own checks: its rules over the linked program, docstring coverage, code health, and rule selection."""

from __future__ import annotations

from docgen.check.health import assess_health
from docgen.check.quality import Assessment, assess
from docgen.check.selection import invalid_selectors, select_findings

__all__ = ["Assessment", "assess", "assess_health", "invalid_selectors", "select_findings"]
