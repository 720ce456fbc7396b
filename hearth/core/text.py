"""Small wordings several records share."""

from __future__ import annotations


def seen_text(seen: bool, seen_alone: bool) -> str:
    """Whether the child was seen on a visit, as the chronology says it."""
    return "yes, seen alone" if seen and seen_alone else "yes" if seen else "no"
