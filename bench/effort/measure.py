"""Effort, measured (issue 18): the recording tasks of `bench/effort/tasks.py`, each run several times in Chromium
against a live Hearth (its own small database, so the measure does not depend on the bench's scale), the median of
each reported with the promise beside it.

Seconds are two figures: what the system took (measured: from the first interaction to the confirmation on screen,
with the browser filling fields instantly), and an estimate of the person's own time by the keystroke-level model
(Card, Moran and Newell, 1983): for each interaction, 1.35 s to decide, 1.1 s to point and 0.2 s to click; typing
at 0.28 s a character (an average typist, 40 words a minute). The promise is on the sum.

    python -m bench.effort.measure [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
DECIDE_POINT_CLICK_S = 1.35 + 1.1 + 0.2
TYPING_S_PER_CHARACTER = 0.28

# task: (most interactions, most seconds in all, what the promise is and where it comes from)
PROMISES: dict[str, tuple[int, float, str]] = {
    "visit": (
        4,
        60.0,
        "PRODUCT.md: a statutory visit from the worklist in at most 4 interactions, under a minute",
    ),
    "sibling_visit": (
        6,
        90.0,
        "issue 18: three children visited together, recorded once: the visit's 4 and one choice for each other child",
    ),
    "case_note": (
        5,
        60.0,
        "from the child's page: open the notes, write one, say its kind, type it, finalise",
    ),
    "supervision": (
        10,
        120.0,
        "one child discussed with one action: each fact typed once (worker, date and the child's list pre-filled)",
    ),
    "sign_off": (4, 60.0, "from the decisions waiting: open it, approve or return it, say why, record it"),
}
TASK_NAMES = {
    "visit": "Record a statutory visit from the worklist",
    "sibling_visit": "Record one visit to three brothers and sisters",
    "case_note": "Write a case note",
    "supervision": "Record a supervision decision with an action",
    "sign_off": "Sign off a plan",
}


def measure_effort(runs: int = 5) -> dict[str, Any]:
    """Run the tasks `runs` times each and return, per task, the medians against its promise."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "effort.jsonl"
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "HEARTH_TEST_DATABASE", "HEARTH_TEST_DATABASE_NAME")
        }
        env |= {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "HEARTH_EFFORT_OUT": str(out),
            "HEARTH_EFFORT_RUNS": str(runs),
        }
        finished = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "bench/effort/tasks.py",
                "-q",
                "-p",
                "no:cacheprovider",
                "-n",
                "0",
            ]
            + ["--no-migrations"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        rows = (
            [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
            if out.exists()
            else []
        )
    tasks: dict[str, Any] = {}
    for task, (most, seconds_promised, why) in PROMISES.items():
        done = [row for row in rows if row["task"] == task]
        if not done:
            tasks[task] = {"name": TASK_NAMES[task], "runs": 0, "within_promise": False, "promise": why}
            continue
        interactions = int(statistics.median(row["interactions"] for row in done))
        typed = int(statistics.median(row["typed"] for row in done))
        system = statistics.median(row["seconds"] for row in done)
        person = interactions * DECIDE_POINT_CLICK_S + typed * TYPING_S_PER_CHARACTER
        tasks[task] = {
            "name": TASK_NAMES[task],
            "runs": len(done),
            "interactions": interactions,
            "characters_typed": typed,
            "system_seconds": round(system, 2),
            "person_seconds_estimated": round(person, 1),
            "seconds": round(system + person, 1),
            "promise_interactions": most,
            "promise_seconds": seconds_promised,
            "promise": why,
            "within_promise": interactions <= most and system + person < seconds_promised,
        }
    return {
        "tasks": tasks,
        "within_promise": finished.returncode == 0 and all(task["within_promise"] for task in tasks.values()),
        "failures": "" if finished.returncode == 0 else finished.stdout[-3000:],
    }


def print_effort(effort: dict[str, Any]) -> None:
    print("\nPeople's time: each task's median over its runs, in a real browser")
    print(f"{'task':48} {'interactions':>12} {'system s':>9} {'person s':>9} {'total s':>8}  promise")
    for task in effort["tasks"].values():
        if not task["runs"]:
            print(f"{task['name']:48} did not run")
            continue
        mark = "yes" if task["within_promise"] else "NO"
        print(
            f"{task['name']:48} {task['interactions']:>12} {task['system_seconds']:>9} "
            f"{task['person_seconds_estimated']:>9} {task['seconds']:>8}  "
            f"<= {task['promise_interactions']} and < {task['promise_seconds']:.0f} s: {mark}"
        )
    if effort["failures"]:
        print(effort["failures"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    effort = measure_effort(parser.parse_args().runs)
    print_effort(effort)
    if not effort["within_promise"]:
        sys.exit("Effort: a task is over its promise, or did not run")


if __name__ == "__main__":
    main()
