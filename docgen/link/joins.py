"""Joining what registrations hand down an inclusion chain: URL path pieces and undecided conditions."""

from __future__ import annotations


def union_conditions(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    """Both tuples' conditions in order, each once."""
    return tuple(dict.fromkeys((*first, *second)))


def join_paths(*parts: str) -> str:
    """Join URL path pieces the way routers do: one slash between pieces, none doubled."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out.endswith("/") and part.startswith("/"):
            out += part[1:]
        elif out and not out.endswith("/") and not part.startswith("/"):
            out += "/" + part
        else:
            out += part
    return out
