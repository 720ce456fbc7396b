"""Where the server's CPU went under load: py-spy's samples (`make bench-load BENCH_LOAD_ARGS="--profile FILE"`,
raw format) summarised by page, by layer and by function.

    python -m bench.load.profile FILE [--top 25]

By page: the view each sample was in (the first Hearth frame under Django's request handler), or the server itself
outside any request. By layer: the innermost frame that belongs to a layer (the PostgreSQL driver, the ORM building
SQL or model objects, the templates, the password hash, sessions and middleware, gunicorn, Hearth's own code), so
that a query run from inside a template counts as the query's. By function: self time (the leaf frame) and inclusive
time (anywhere on the stack) of the busiest.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<function>.+?) \((?P<file>[^:()]+)(?::\d+)?\)$")
LAYERS = (
    ("password hash (Argon2)", ("argon2/",)),
    ("PostgreSQL driver (psycopg)", ("psycopg/", "psycopg_c/", "psycopg_binary/")),
    (
        "ORM: building SQL",
        ("django/db/models/sql/", "django/db/models/expressions.py", "django/db/models/lookups.py"),
    ),
    ("ORM: model objects and querysets", ("django/db/",)),
    ("templates", ("django/template/", "django/templatetags/", "django/forms/")),
    (
        "sessions, auth and middleware",
        (
            "django/contrib/sessions/",
            "django/contrib/auth/",
            "django/middleware/",
            "django/contrib/messages/",
            "whitenoise/",
        ),
    ),
    ("URL routing and request handling", ("django/urls/", "django/core/handlers/", "django/http/")),
    ("gunicorn", ("gunicorn/",)),
    ("Hearth's own code", ("hearth/",)),
    ("Django, other", ("django/",)),
)


def frames(stack: str) -> list[tuple[str, str]]:
    """The stack's frames, outermost first, as (function, file); the process line is left out."""
    found = []
    for part in stack.split(";"):
        match = FRAME.match(part.strip())
        if match and not part.startswith("process "):
            found.append((match["function"], match["file"]))
    return found


def page_of(stack: list[tuple[str, str]]) -> str:
    for number, (function, _) in enumerate(stack):
        if function == "BaseHandler._get_response":
            for name, file in stack[number + 1 :]:
                if file.startswith("hearth/") and not file.startswith(
                    ("hearth/core/policy.py", "hearth/core/middleware")
                ):
                    return f"{name} ({file})"
            return "(Django, before a view)"
    if any(function == "WSGIHandler.__call__" for function, _ in stack):
        return "(middleware, session and response)"
    return "(the server, between requests)"


def layer_of(stack: list[tuple[str, str]]) -> str:
    for _, file in reversed(stack):
        for layer, prefixes in LAYERS:
            if file.startswith(prefixes):
                return layer
    return "Python, other"


def summary(path: Path, top: int) -> str:
    pages: Counter[str] = Counter()
    layers: Counter[str] = Counter()
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        stack_text, _, count_text = line.rpartition(" ")
        if not stack_text or not count_text.isdigit():
            continue
        count = int(count_text)
        stack = frames(stack_text)
        if not stack:
            continue
        total += count
        pages[page_of(stack)] += count
        layers[layer_of(stack)] += count
        own[f"{stack[-1][0]} ({stack[-1][1]})"] += count
        for name in {f"{function} ({file})" for function, file in stack}:
            inclusive[name] += count
    out = [f"{total:,} samples of the server's threads on CPU"]
    for title, counter in (("By page", pages), ("By layer (innermost)", layers)):
        out.append(f"\n{title}:")
        out += [f"  {count / total:6.1%}  {name}" for name, count in counter.most_common(top)]
    out.append("\nBy function, self:")
    out += [f"  {count / total:6.1%}  {name}" for name, count in own.most_common(top)]
    out.append("\nBy function, inclusive (Hearth's and Django's):")
    out += [
        f"  {count / total:6.1%}  {name}"
        for name, count in inclusive.most_common()
        if "(hearth/" in name or "(django/" in name
    ][:top]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    print(summary(args.file, args.top))


if __name__ == "__main__":
    main()
