"""Every page of Hearth's own, for the tests that walk them (the read walk and the write matrix)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


def hearth_patterns() -> list[tuple[str, str, Any]]:
    """(namespace:name, route, view) for every page of Hearth's own."""
    found: list[tuple[str, str, Any]] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace and pattern.namespace
                    else pattern.namespace or namespace
                )
                walk(pattern.url_patterns, inner or "", prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.callback.__module__.startswith("hearth."):
                found.append((f"{namespace}:{pattern.name}", prefix + str(pattern.pattern), pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    return found
