"""What several extractors share: handler lookup, type display, model references, field reading."""
