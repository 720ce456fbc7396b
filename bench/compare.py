"""A bench that remembers (issue 21): each run beside the previous run at the same scale.

Every run is appended to `bench/results/history.jsonl` with its commit, scale and machine. A page is a regression
when its p95 is more than `SLOWER_BY` slower than the previous run's (and more than `NOISE_MS` slower, so that a
6 ms page does not fail on a scheduler's hiccup), or when it runs more queries than last time; the census export
and the daily run when they take more than `SLOWER_BY` longer. A run with regressions fails unless it is told why
(`--accept "the care panels add a query"`), and the reason is kept beside the figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SLOWER_BY = 0.20
NOISE_MS = 1.0
TIMED = ("census_export", "ssda903_export", "annex_a_export", "daily")


@dataclass(frozen=True)
class Change:
    """One page (or the census, or the daily run) against the previous run."""

    name: str
    before: float
    after: float
    unit: str
    queries_before: int | None = None
    queries_after: int | None = None

    @property
    def ratio(self) -> float:
        return self.after / self.before if self.before else 1.0

    @property
    def slower(self) -> bool:
        noise = NOISE_MS if self.unit == "ms" else 0.0
        return self.after > self.before * (1 + SLOWER_BY) and self.after - self.before > noise

    @property
    def more_queries(self) -> bool:
        return (
            self.queries_before is not None
            and self.queries_after is not None
            and self.queries_after > self.queries_before
        )

    @property
    def regressed(self) -> bool:
        return self.slower or self.more_queries

    def describe(self) -> str:
        text = f"{self.name}: {self.before:,.1f} -> {self.after:,.1f} {self.unit} ({self.ratio - 1:+.0%})"
        if self.queries_before is not None and self.queries_after != self.queries_before:
            text += f", queries {self.queries_before} -> {self.queries_after}"
        return text


def previous_runs(history: Path, fallback: Path, scale: int) -> list[dict[str, Any]]:
    """Earlier runs at this scale, oldest first: the history file, or the last full run's file before it existed."""
    runs: list[dict[str, Any]] = []
    if history.exists():
        for line in history.read_text(encoding="utf-8").splitlines():
            if line.strip():
                run = json.loads(line)
                if run.get("scale", run.get("children")) == scale:
                    runs.append(run)
    if not runs and fallback.exists():
        runs.append(json.loads(fallback.read_text(encoding="utf-8")))
    return runs


def _latest_with(runs: list[dict[str, Any]], pick: Any) -> tuple[dict[str, Any], Any] | None:
    for run in reversed(runs):
        found = pick(run)
        if found:
            return run, found
    return None


def compare(runs: list[dict[str, Any]], report: dict[str, Any]) -> list[Change]:
    """Each measured page, the census and the daily run beside the latest earlier run that measured it."""
    changes: list[Change] = []
    for name, result in report["pages"].items():
        earlier = _latest_with(runs, lambda run, name=name: run.get("pages", {}).get(name))
        if earlier is None:
            continue
        _, before = earlier
        changes.append(
            Change(
                name,
                before["server_ms"]["p95"],
                result["server_ms"]["p95"],
                "ms",
                before.get("queries_per_request"),
                result["queries_per_request"],
            )
        )
    for name in TIMED:
        now = report.get(name)
        earlier = _latest_with(runs, lambda run, name=name: run.get(name))
        if now and earlier:
            changes.append(Change(name, earlier[1]["seconds"], now["seconds"], "s"))
    return changes


def remember(history: Path, report: dict[str, Any]) -> None:
    history.parent.mkdir(parents=True, exist_ok=True)
    with history.open("a", encoding="utf-8") as out:
        out.write(json.dumps(report, separators=(",", ":")) + "\n")
