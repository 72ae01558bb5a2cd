"""API changes between two git refs, classified as breaking, potentially breaking or non-breaking."""

from docgen.diff.compare import compare, endpoint_key
from docgen.diff.run import FAIL_ON, WORKING_TREE, Refs, diff_documents, diff_refs, parse_refs

__all__ = ["FAIL_ON", "WORKING_TREE", "Refs", "compare", "diff_documents", "diff_refs", "endpoint_key", "parse_refs"]
