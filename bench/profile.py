"""Where a page's time goes, on the bench database: its SQL by statement and the Python by function.

    python -m bench.profile --children 1000000 --page search_team [--requests 100] [--explain 3]

Makes the same requests as `make bench` (after the same warm-up), then prints each kind of statement the page ran
(literals folded) with how often and how long, the slowest statements' PostgreSQL plans with `--explain`, and the
functions that took the most time in Python (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
from collections import defaultdict
from pathlib import Path

from bench.run import BUDGETS_MS, ROOT, ensure_database, page_makers, setup

LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def shape(sql: str) -> str:
    folded = LITERALS.sub("?", " ".join(sql.split()))
    return re.sub(r"\(\?(?:, \?)+\)", "(?...)", folded)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--page", choices=sorted(BUDGETS_MS), required=True)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument(
        "--explain", type=int, default=0, help="show the plans of this many slowest statements"
    )
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    url = (
        args.database_url
        or os.environ.get("HEARTH_BENCH_DATABASE_URL")
        or f"postgres://postgres@127.0.0.1:5432/hearth_bench_{args.children}"
    )
    sys.path.insert(0, str(ROOT))
    ensure_database(url, args.children)
    setup(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make = page_makers([args.page])[args.page]
    by_shape: dict[str, list[float]] = defaultdict(list)
    slowest: dict[str, tuple[float, str]] = {}
    profiler = cProfile.Profile()
    for _ in range(args.requests):
        client, path = make()
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            profiler.enable()
            client.get(path)
            profiler.disable()
        for query in captured.captured_queries:
            ms = float(query["time"]) * 1000
            key = shape(query["sql"])
            by_shape[key].append(ms)
            if ms > slowest.get(key, (-1.0, ""))[0]:
                slowest[key] = (ms, query["sql"])
    total = sum(sum(times) for times in by_shape.values())
    print(f"\n{args.page}: {args.requests} requests, SQL {total / args.requests:.1f} ms a request\n")
    print(f"{'per request':>12}{'calls':>7}{'mean ms':>9}{'max ms':>9}  statement")
    ranked = sorted(by_shape.items(), key=lambda item: -sum(item[1]))
    for key, times in ranked:
        print(
            f"{sum(times) / args.requests:>12.2f}{len(times):>7}{sum(times) / len(times):>9.2f}"
            f"{max(times):>9.2f}  {key[:160]}"
        )
    for key, _ in ranked[: args.explain]:
        sql = slowest[key][1]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"\n{slowest[key][0]:.1f} ms: {' '.join(sql.split())[:400]}\n{plan}")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"hearth/", 30)
    stats.sort_stats("tottime").print_stats(20)
    print(out.getvalue().replace(str(Path(ROOT)) + "/", ""))


if __name__ == "__main__":
    main()
