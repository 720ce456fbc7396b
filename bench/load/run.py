"""`make bench-load`: staff working at once against the production server (gunicorn) and PostgreSQL (issue 20,
part 7; ADR 42).

Starts `hearth serve --production` on a free port of 127.0.0.1 against the bench database (seeded by `make bench` at
that scale; never seeded here), then for each number of users runs locust headless for a bounded time: each
simulated social worker signs in once with their own username, then works their own caseload at a steady pace
(bench/load/locustfile.py: the worklist, a child's page, a search, a statutory visit and a case note recorded through
the real forms). Reports requests a second, p50/p95/p99 by kind of request and every error, with the server's CPU
time a request, into bench/results/load-<children>.json and bench/results/load-history.jsonl.

    python -m bench.load.run --children 300000 [--users 50 200] [--run-time 180] [--spawn-rate 5]

Fails when any request failed, or when at the first number of users (50) a page's p95 is over PRODUCT.md's budget or
the server answered fewer than 100 requests a second. The machine should be otherwise idle: the load generator
runs beside the server, as it would on a council's own two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.run import ROOT, _commit, percentile

RESULTS = ROOT / "bench" / "results"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
# PRODUCT.md's budgets at p95, server-side, for each kind of request the staff make; the forms and their saves are
# "every other" page (500 ms). Signing in is bound by the password hash (Argon2, about 0.35 s of CPU by design) and
# happens once a session: it is reported, not held to a page's budget.
BUDGETS_MS = {
    "child_page": 100.0,
    "search": 100.0,
    "my_work": 200.0,
    "visit_form": 500.0,
    "visit_record": 500.0,
    "note_form": 500.0,
    "note_record": 500.0,
}
SIGN_IN = ("sign_in_page", "sign_in")
# The kind of each request the simulated staff make, from the server's access log (method and path), so that the
# time the worker spent on it can be set beside the time the client waited for it.
ACCESS_KINDS = (
    ("GET", re.compile(r"/my-work/"), "my_work"),
    ("GET", re.compile(r"/people/\d+/"), "child_page"),
    ("GET", re.compile(r"/people/search/"), "search"),
    ("GET", re.compile(r"/people/\d+/case-notes/new/"), "note_form"),
    ("POST", re.compile(r"/people/\d+/case-notes/new/"), "note_record"),
    ("GET", re.compile(r"/people/\d+/visits/\w+/\d+/new/"), "visit_form"),
    ("POST", re.compile(r"/people/\d+/visits/\w+/\d+/new/"), "visit_record"),
)
MIN_RPS = 100.0  # PRODUCT.md: 50 staff at once on a 2-core machine get at least 100 requests a second
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def staff_plan(url: str, users: int) -> list[dict[str, Any]]:
    """`users` social workers with open cases (the same ones on every run over the same database): each with their
    children, the live plans of theirs that take a statutory visit, and what they search for (their children's
    names, and the family names alone: common names find many)."""
    from bench.run import setup, shuffled

    setup(url)
    from django.db.models import Count, Q

    from hearth.organisation.models import Allocation, StaffUser
    from hearth.organisation.roles import Role
    from hearth.people.models import Person
    from hearth.visits.kinds import visit_kind

    workers = list(
        StaffUser.objects.filter(role=Role.SOCIAL_WORKER, is_active=True)
        .annotate(open_cases=Count("allocations", filter=Q(allocations__end_date=None)))
        .filter(open_cases__gte=5)
        .order_by(shuffled("pk"))
        .values_list("pk", "username")[:users]
    )
    caseloads: dict[int, list[int]] = {pk: [] for pk, _ in workers}
    for child, worker in Allocation.objects.filter(end_date=None, worker_id__in=caseloads).values_list(
        "child_id", "worker_id"
    ):
        caseloads[worker].append(child)
    names = {
        pk: (forename, surname)
        for pk, forename, surname in Person.objects.filter(
            pk__in=[c for cs in caseloads.values() for c in cs]
        ).values_list("pk", "forename", "surname")
    }
    visits: dict[int, list[list[Any]]] = {}
    for key in ("cp", "cin"):
        kind = visit_kind(key)
        for plan, child in (
            kind.plan_model()
            ._default_manager.filter(**{f"{kind.child_lookup}__in": list(names), "end_date": None})
            .values_list("pk", kind.child_lookup)
        ):
            visits.setdefault(child, []).append([child, key, plan])
    plan = []
    for pk, username in workers:
        children = sorted(caseloads[pk])[:40]
        searches = sorted(
            {f"{names[c][0]} {names[c][1]}" for c in children} | {names[c][1] for c in children}
        )
        plan.append(
            {
                "username": username,
                "children": children,
                "visits": [visit for child in children for visit in visits.get(child, [])],
                "searches": searches,
            }
        )
    return [member for member in plan if member["children"]]


def bench_password(logins: Path) -> str:
    from hearth.demo.loading.logins import read_logins_file

    if not logins.exists():
        sys.exit(
            f"No logins at {logins}: the bench council's password is written there when `make bench` seeds it "
            "(give its path with --logins)"
        )
    return read_logins_file(logins)[1]


def process_cpu_seconds(pid: int) -> float:
    """CPU time of one process and the children it has waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / CLOCK_TICKS


def cpu_seconds(master: int) -> float:
    """CPU time of the server: its master, the workers running now and those it has already replaced."""

    def times(pid: int, reaped: bool) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            return 0.0
        # utime, stime (and cutime, cstime: children already waited for) are fields 14 to 17 of stat
        own = int(fields[11]) + int(fields[12])
        return (own + (int(fields[13]) + int(fields[14]) if reaped else 0)) / CLOCK_TICKS

    children = Path(f"/proc/{master}/task/{master}/children")
    pids = [int(pid) for pid in children.read_text(encoding="ascii").split()] if children.exists() else []
    return times(master, True) + sum(times(pid, False) for pid in pids)


def postgres_backends(database: str) -> dict[int, float]:
    """CPU time of each of PostgreSQL's backends serving this database, by process id."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if not command.startswith("postgres: ") or f" {database} " not in command:
                continue
            fields = (proc / "stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(proc.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return found


class PostgresCpu(threading.Thread):
    """PostgreSQL's CPU for this database while running: its backends read every second, so that one closed meanwhile
    (the server's connections last a minute, CONN_MAX_AGE) counts up to its last reading."""

    def __init__(self, database: str) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.first = postgres_backends(database)
        self.last = dict(self.first)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            self.last.update(postgres_backends(self.database))

    def stop(self) -> float:
        self.done.set()
        self.join()
        self.last.update(postgres_backends(self.database))
        return sum(seconds - self.first.get(pid, 0.0) for pid, seconds in self.last.items())


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent busy (every core, every process), from /proc/stat."""
    fields = [
        int(value) for value in Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    ]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


@contextmanager
def production_server(url: str, workers: int | None, threads: int | None, log: Path) -> Any:
    """`hearth serve --production` (gunicorn, production settings) on a free port of 127.0.0.1, ready; stopped
    after. Its static files collected into a scratch folder first, as a council's release does."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="hearth-load-") as var:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("HEARTH_TODAY", "DJANGO_SETTINGS_MODULE", "HEARTH_BIND")
        }
        env.update(
            DATABASE_URL=url,
            DJANGO_SETTINGS_MODULE="config.settings.production",
            HEARTH_VAR_DIR=var,
            HEARTH_SECRET_KEY=secrets.token_urlsafe(50),
            HEARTH_ALLOWED_HOSTS="127.0.0.1",
            # Served over plain http on the loopback address, as behind a council's TLS proxy: the cookies cannot
            # be marked secure here or the simulated browsers would not send them back.
            HEARTH_SECURE_COOKIES="0",
            HEARTH_BIND=f"127.0.0.1:{port}",
            # The loopback address is the council's network and no role must use a second factor (ADR 39), as in
            # an office where staff sign in with a password: the simulated staff have no authenticator app.
            HEARTH_SECOND_FACTOR_ROLES="",
            HEARTH_COUNCIL_NETWORKS="127.0.0.0/8,::1/128",
            HEARTH_SESSIONS_PER_PERSON="1000",  # a member of staff may stand for several simulated users
            # The access log in JSON lines, whatever the shell says: each request's time in a worker is read from it.
            HEARTH_LOG_FORMAT="json",
            HEARTH_ACCESS_LOG="1",
        )
        if workers:
            env["HEARTH_WEB_WORKERS"] = str(workers)
        if threads:
            env["HEARTH_WEB_THREADS"] = str(threads)
        hearth = [sys.executable, "-m", "hearth.cli"]
        subprocess.run([*hearth, "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)  # noqa: S603
        with log.open("w", encoding="utf-8") as out:
            server = subprocess.Popen(
                [*hearth, "serve", "--production"], env=env, cwd=ROOT, stdout=out, stderr=out
            )  # noqa: S603
            try:
                address = f"http://127.0.0.1:{port}"
                deadline = time.monotonic() + 60
                while True:
                    try:
                        with urllib.request.urlopen(f"{address}/health/ready/", timeout=5) as answer:  # noqa: S310
                            if answer.status == 200:
                                break
                    except OSError:
                        pass
                    if server.poll() is not None or time.monotonic() > deadline:
                        sys.exit(f"The server did not become ready: see {log}")
                    time.sleep(0.5)
                yield address, server.pid
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


def worker_times(log: Path, since: float, until: float) -> dict[str, list[float]]:
    """The time each request of a kind took inside a worker between `since` and `until` (epoch seconds), from the
    server's JSON access log: from the worker reading the request to its answer, without the wait for a free
    worker or the load generator's own, which the client's time includes."""
    found: dict[str, list[float]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        if '"gunicorn.access"' not in line:
            continue
        entry = json.loads(line)
        at = datetime.fromisoformat(entry["time"]).timestamp()
        if not since <= at <= until:
            continue
        for method, path, kind in ACCESS_KINDS:
            if entry.get("method") == method and path.fullmatch(entry.get("path", "")):
                found.setdefault(kind, []).append(float(entry["duration_ms"]))
                break
    return found


def summarise(times: list[float]) -> dict[str, float]:
    if not times:
        return {}
    return {
        "p50": round(percentile(times, 0.50), 1),
        "p95": round(percentile(times, 0.95), 1),
        "p99": round(percentile(times, 0.99), 1),
        "max": round(max(times), 1),
    }


def load_run(
    address: str,
    master: int,
    database: str,
    plan_file: Path,
    users: int,
    spawn_rate: float,
    run_time: int,
    pace: float,
    server_log: Path,
    profile: Path | None = None,
) -> dict[str, Any]:
    """One locust run: `users` staff signing in at `spawn_rate` a second, then working until `run_time` seconds
    have passed. The steady part (after the last has signed in and a few seconds more) gives the figures."""
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl", prefix="hearth-load-") as raw:
        env = {**os.environ, "HEARTH_LOAD_PLAN": str(plan_file), "HEARTH_LOAD_RAW": raw.name}
        env["HEARTH_LOAD_PACE"] = str(pace)
        started = time.time()
        steady_from = started + users / spawn_rate + 5
        locust_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
        command += ["--users", str(users), "--spawn-rate", str(spawn_rate), "--run-time", f"{run_time}s"]
        command += ["--host", address, "--stop-timeout", "10", "--loglevel", "WARNING"]
        command += ["--exit-code-on-error", "0"]
        spy = None
        if profile is not None:
            # Where the server's CPU goes once everyone has signed in: py-spy samples every worker's Python stacks
            # (threads waiting for PostgreSQL or a socket are left out), summarised by `python -m bench.load.profile`.
            delay = users / spawn_rate + 5
            spy = subprocess.Popen(  # noqa: S603
                [
                    "sh",
                    "-c",
                    f'sleep {delay:.0f} && exec "$0" "$@"',
                    str(Path(sys.executable).with_name("py-spy")),
                ]
                + [
                    "record",
                    "--pid",
                    str(master),
                    "--subprocesses",
                    "--gil",
                    "--rate",
                    "100",
                    "--nonblocking",
                ]
                + ["--format", "raw", "--output", str(profile), "--duration", str(int(run_time - delay - 5))],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        log = plan_file.parent / f"locust-{users}.log"
        with log.open("w", encoding="utf-8") as out:
            locust = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)  # noqa: S603
            # The CPU each part of the machine spends once everyone has signed in (sign-in is Argon2's, by design).
            time.sleep(max(steady_from - time.time(), 0))
            cpu_before = cpu_seconds(master)
            postgres = PostgresCpu(database)
            postgres.start()
            machine_before = machine_busy_seconds()
            locust_signing_in = process_cpu_seconds(locust.pid)
            returncode = locust.wait()
        cpu_after = cpu_seconds(master)
        postgres_seconds = postgres.stop()
        machine_after = machine_busy_seconds()
        locust_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        ended = time.time()
        if spy is not None:
            spy.wait(timeout=60)
        if returncode:
            sys.exit(f"locust failed: {log.read_text(encoding='utf-8')[-2000:]}")
        rows = [json.loads(line) for line in Path(raw.name).read_text(encoding="utf-8").splitlines() if line]
    steady = [row for row in rows if row["at"] >= steady_from]
    in_worker = worker_times(server_log, steady_from, ended)
    kinds: dict[str, Any] = {}
    for kind in sorted({row["kind"] for row in rows}):
        mine = [row for row in (rows if kind in SIGN_IN else steady) if row["kind"] == kind]
        kinds[kind] = {
            "requests": len(mine),
            "errors": sum(1 for row in mine if row["error"]),
            **summarise([row["ms"] for row in mine]),
            "budget_ms": BUDGETS_MS.get(kind),
        }
        if kind in in_worker:
            # The same requests' time inside a worker (gunicorn's, in whole ms): the rest of the client's time is
            # waiting for a free worker and the load generator.
            kinds[kind]["in_worker"] = summarise(in_worker[kind])
        if kind in BUDGETS_MS:
            kinds[kind]["within_budget"] = kinds[kind]["p95"] < BUDGETS_MS[kind] if mine else False
    errors = [row for row in rows if row["error"]]
    elapsed = seconds = max(ended - steady_from, 1.0)
    locust_seconds = (
        locust_after.ru_utime + locust_after.ru_stime - locust_before.ru_utime - locust_before.ru_stime
    ) - locust_signing_in
    others = (machine_after - machine_before) - (cpu_after - cpu_before) - postgres_seconds
    others -= locust_seconds
    work = [row for row in steady if row["kind"] not in SIGN_IN]
    return {
        "users": users,
        "spawn_rate": spawn_rate,
        "pace_tasks_per_user_second": pace,
        "run_time_s": run_time,
        "steady_s": round(seconds, 1),
        "requests": len(rows),
        "steady_requests": len(work),
        "rps": round(len(work) / seconds, 1),
        "all": summarise([row["ms"] for row in work]),
        "errors": len(errors),
        "error_samples": sorted({row["error"] for row in errors})[:10],
        # Once everyone has signed in: the server's CPU (master and workers) a request and in cores.
        "server_cpu_ms_per_request": round((cpu_after - cpu_before) * 1000 / max(len(work), 1), 1),
        "server_cpu_share": round((cpu_after - cpu_before) / elapsed, 2),
        # Beside it on the same cores: PostgreSQL's backends for this database, and the load generator itself.
        "postgres_cpu_ms_per_request": round(postgres_seconds * 1000 / max(len(work), 1), 1),
        "postgres_cpu_share": round(postgres_seconds / elapsed, 2),
        "locust_cpu_share": round(locust_seconds / elapsed, 2),
        # Everything else the machine ran meanwhile (other people's work): the cores this run did not have.
        "others_cpu_share": round(max(others, 0.0) / elapsed, 2),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "kinds": kinds,
    }


def cpu_by_kind(
    address: str, master: int, database: str, plan: dict[str, Any], requests: int = 100
) -> dict[str, dict[str, float]]:
    """The CPU time a request of each kind costs the server and PostgreSQL, one request at a time from one signed-in
    social worker (the issue's own measure: CPU time does not grow with a busy machine as wall time does)."""
    import re

    import requests as http

    member = plan["staff"][0]
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def signed_in() -> http.Session:
        session = http.Session()
        page = session.get(f"{address}/login/", timeout=30).text
        session.post(
            f"{address}/login/",
            data={
                "csrfmiddlewaretoken": token.findall(page)[0],
                "username": member["username"],
                "password": plan["password"],
            },
            timeout=30,
        ).raise_for_status()
        return session

    session = signed_in()
    surnames = [search for search in member["searches"] if " " not in search]
    paths = {
        "health": lambda n: "/health/",
        "child_page": lambda n: f"/people/{member['children'][n % len(member['children'])]}/",
        "my_work": lambda n: "/my-work/",
        "search": lambda n: f"/people/search/?q={surnames[n % len(surnames)]}",
    }
    day = time.strftime("%d/%m/%Y")

    def get(path: str) -> str:
        answer = session.get(address + path, timeout=30)
        if answer.status_code != 200:
            sys.exit(f"{path}: HTTP {answer.status_code}")
        return answer.text

    def post(path: str, page: str, data: dict[str, str]) -> None:
        answer = session.post(
            address + path,
            data={"csrfmiddlewaretoken": token.findall(page)[0], **data},
            headers={"Referer": address + path},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code != 302:
            sys.exit(f"{path}: HTTP {answer.status_code}, not saved")

    def note_path(n: int) -> str:
        return f"/people/{member['children'][n % len(member['children'])]}/case-notes/new/"

    def note(n: int) -> None:
        path = note_path(n)
        post(
            path,
            get(path),
            {"note_type": "telephone_call", "occurred_on": day, "text": "Rang school.", "finalise": "1"},
        )

    def visit_path(n: int) -> str:
        child, kind, plan_pk = member["visits"][n % len(member["visits"])]
        return f"/people/{child}/visits/{kind}/{plan_pk}/new/"

    def visit(n: int) -> None:
        path = visit_path(n)
        post(
            path,
            get(path),
            {"visit_date": day, "seen": "yes", "seen_alone": "on", "views": "Fine.", "note": "Seen."},
        )

    kinds: dict[str, Any] = {kind: (lambda n, path=path: get(path(n))) for kind, path in paths.items()}
    kinds["note_form"] = lambda n: get(note_path(n))
    kinds["note_form_and_record"] = note
    if member["visits"]:
        kinds["visit_form"] = lambda n: get(visit_path(n))
        kinds["visit_form_and_record"] = visit
    found: dict[str, dict[str, float]] = {}
    for kind, ask in kinds.items():
        for number in range(10):  # warm: each worker's first requests load what it keeps
            ask(number)
        before = cpu_seconds(master)
        postgres = PostgresCpu(database)
        postgres.start()
        for number in range(requests):
            ask(number)
        found[kind] = {
            "server_ms": round((cpu_seconds(master) - before) * 1000 / requests, 1),
            "postgres_ms": round(postgres.stop() * 1000 / requests, 1),
        }
    for saved in ("note", "visit"):  # a save alone: the form and its save, less the form
        if f"{saved}_form_and_record" in found:
            pair, form = found.pop(f"{saved}_form_and_record"), found[f"{saved}_form"]
            found[f"{saved}_record"] = {key: round(pair[key] - form[key], 1) for key in pair}
    before = cpu_seconds(master)
    postgres = PostgresCpu(database)
    postgres.start()
    for _ in range(10):
        signed_in()
    found["sign_in"] = {
        "server_ms": round((cpu_seconds(master) - before) * 1000 / 10, 1),
        "postgres_ms": round(postgres.stop() * 1000 / 10, 1),
    }
    return found


def print_run(run: dict[str, Any]) -> None:
    print(
        f"\n{run['users']} users: {run['rps']:.1f} requests a second over {run['steady_s']:.0f} s steady, "
        f"{run['errors']} errors; server CPU {run['server_cpu_ms_per_request']:.1f} ms a request "
        f"({run['server_cpu_share']:.2f} cores); PostgreSQL {run['postgres_cpu_ms_per_request']:.1f} ms a request "
        f"({run['postgres_cpu_share']:.2f} cores); locust {run['locust_cpu_share']:.2f} cores; "
        f"everything else on the machine {run['others_cpu_share']:.2f} cores; "
        f"load average {run['load_average']}"
    )
    print(
        f"{'kind':<14}{'requests':>9}{'errors':>8}{'p50':>9}{'p95':>9}{'p99':>9}{'budget':>8}  ok"
        "  (in a worker: p50 p95 p99)"
    )
    for kind, figures in run["kinds"].items():
        budget = figures.get("budget_ms")
        ok = "" if budget is None else ("yes" if figures.get("within_budget") else "NO ")
        worker = figures.get("in_worker", {})
        inside = " ".join(f"{worker[p]:.0f}" for p in ("p50", "p95", "p99")) if worker else ""
        print(
            f"{kind:<14}{figures['requests']:>9}{figures['errors']:>8}{figures.get('p50', 0):>9.1f}"
            f"{figures.get('p95', 0):>9.1f}{figures.get('p99', 0):>9.1f}{budget or 0:>8.0f}  {ok:<3}  {inside}"
        )
    for sample in run["error_samples"]:
        print(f"  error: {sample}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--children", type=int, default=300_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200])
    parser.add_argument(
        "--run-time", type=int, default=180, help="seconds each run lasts, signing in included"
    )
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="staff signing in a second")
    parser.add_argument(
        "--pace",
        type=float,
        default=2.0,
        help="tasks a second each user asks (a task is one or two requests)",
    )
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (config/gunicorn.py's rule)")
    parser.add_argument("--threads", type=int, default=0, help="threads a worker (config/gunicorn.py's)")
    parser.add_argument("--logins", default="", help="the bench council's demo_logins.txt (for its password)")
    parser.add_argument(
        "--profile", default="", help="py-spy's samples of the server during the first run, to this file"
    )
    parser.add_argument("--cpu-only", action="store_true", help="the CPU a request of each kind alone")
    parser.add_argument("--note", default="", help="what else the machine was doing, kept beside the figures")
    args = parser.parse_args()
    url = (
        args.database_url
        or os.environ.get("HEARTH_BENCH_DATABASE_URL")
        or f"postgres://postgres@127.0.0.1:5432/hearth_bench_{args.children}"
    )
    name = url.rsplit("/", 1)[1]
    staff = staff_plan(url, max(args.users))
    logins = Path(args.logins) if args.logins else ROOT / "var" / f"bench-{name}" / "demo_logins.txt"
    password = bench_password(logins)
    print(f"{len(staff)} social workers with their caseloads from {name}", flush=True)
    runs = []
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hearth-load-plan-") as scratch:
        plan_file = Path(scratch) / "plan.json"
        plan_file.write_text(json.dumps({"password": password, "staff": staff}), encoding="utf-8")
        plan_file.chmod(0o600)
        log = Path(scratch) / "server.log"
        with production_server(url, args.workers or None, args.threads or None, log) as (address, master):
            cpu = cpu_by_kind(address, master, name, json.loads(plan_file.read_text(encoding="utf-8")))
            # Counted once the server has answered a few hundred requests: when it is first ready, the last worker
            # may not have started yet.
            workers = len(Path(f"/proc/{master}/task/{master}/children").read_text(encoding="ascii").split())
            print(f"hearth serve --production at {address}: {workers} workers", flush=True)
            print(
                "CPU a request, one at a time (server + PostgreSQL): "
                + ", ".join(f"{k} {v['server_ms']} + {v['postgres_ms']} ms" for k, v in cpu.items())
            )
            if args.cpu_only:
                return
            for number, users in enumerate(args.users):
                profile = Path(args.profile).resolve() if args.profile and number == 0 else None
                run = load_run(
                    address,
                    master,
                    name,
                    plan_file,
                    users,
                    args.spawn_rate,
                    args.run_time,
                    args.pace,
                    log,
                    profile,
                )
                print_run(run)
                runs.append(run)
    report = {
        "kind": "load",
        "scale": args.children,
        "database": name,
        "commit": _commit(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),  # noqa: TID251 - when it was measured
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "server": {
            "command": "hearth serve --production (gunicorn, config/gunicorn.py, config.settings.production)",
            "workers": workers,
            "threads": args.threads
            or int(os.environ.get("HEARTH_WEB_THREADS", "0") or 0)
            or "config default",
        },
        "note": args.note,
        "server_cpu_ms_by_kind": cpu,
        "runs": runs,
    }
    (RESULTS / f"load-{args.children}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    with (RESULTS / "load-history.jsonl").open("a", encoding="utf-8") as history:
        history.write(json.dumps(report) + "\n")
    failed = [f"{run['users']} users: {run['errors']} errors" for run in runs if run["errors"]]
    first = runs[0]
    failed += [
        f"{first['users']} users: {kind} p95 {figures['p95']} ms over {figures['budget_ms']:.0f} ms"
        for kind, figures in first["kinds"].items()
        if figures.get("budget_ms") is not None and not figures.get("within_budget")
    ]
    if first["rps"] < MIN_RPS:
        failed.append(f"{first['users']} users: {first['rps']} requests a second, fewer than {MIN_RPS:.0f}")
    if failed:
        sys.exit("Load bench failed: " + "; ".join(failed))


if __name__ == "__main__":
    main()
