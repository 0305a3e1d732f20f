"""`make bench`: the engine benchmark, then every page under load as a multiple of the floor.

For each database (SQLite always; PostgreSQL too when PORTAL_DATABASE_URL names a server, on
which a scratch database is created and dropped) and each size (200 and 2,000 suppliers in
10 buyer organisations sharing one consortium), this

1. migrates a new database, publishes the questionnaires and runs `flask bench generate`;
2. serves it with gunicorn, 2 sync workers, on 127.0.0.1;
3. drives each page with locust (bench/drive.py, in .venv-bench): `/healthz` (the floor), a
   supplier's section page of the largest shipped questionnaire, saving an answer, the
   buyer's dashboard, a submission, the consortium directory, a comparison of 10 suppliers,
   the heatmap and an assessment PDF, and prints requests per second, median and p95, and
   the median as a multiple of the floor's median in the same run;
4. at the largest size, runs the no-lost-writes check (bench/concurrency.py): 50 supplier
   sessions saving answers for 30 seconds, then every acknowledged save read back.

Budgets, printed PASS or FAIL: each page but the PDF at most 10x the floor at 2,000
suppliers; 10x the data costs each page at most 1.5x its time (the growth of its multiple of
the floor); the PDF under 0.5 s median; no failed request; no lost write, no 5xx. The
summary goes to bench/results/latest.md and a dated copy; the exit status is 1 on any FAIL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import concurrency
from bench.server import Database, postgres_database, prepare, serving, sqlite_database

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_PYTHON = ROOT / ".venv-bench" / "bin" / "python"
PAGES = ("floor", "section", "save", "dashboard", "submission", "directory", "compare",
         "heatmap", "pdf")
LABELS = {
    "floor": "/healthz (floor)",
    "section": "supplier: section page",
    "save": "supplier: save an answer",
    "dashboard": "buyer: dashboard",
    "submission": "buyer: a submission",
    "directory": "consortium: directory",
    "compare": "consortium: compare 10",
    "heatmap": "consortium: heatmap",
    "pdf": "assessment PDF",
}
FLOOR_MULTIPLE = 10.0
GROWTH = 1.5
PDF_SECONDS = 0.5


@dataclass
class Run:
    """One database at one size: generation time and each page's figures."""

    database: str
    suppliers: int
    generated_in: float
    pages: dict[str, dict[str, Any]]

    def multiple(self, page: str) -> float:
        return float(self.pages[page]["median_ms"] / self.pages["floor"]["median_ms"])


@dataclass
class Verdicts:
    lines: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, text: str, passed: bool) -> None:
        self.lines.append((text, passed))

    @property
    def passed(self) -> bool:
        return all(ok for _text, ok in self.lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}")


def drive(base: str, manifest_path: Path, users: int, seconds: float) -> dict[str, Any]:
    if not BENCH_PYTHON.exists():
        raise SystemExit(f"{BENCH_PYTHON} is missing: run `make bench`, which creates it "
                         "from bench/requirements.txt")
    out = manifest_path.with_name("pages.json")
    subprocess.run(
        [str(BENCH_PYTHON), str(ROOT / "bench" / "drive.py"), "--host", base,
         "--manifest", str(manifest_path), "--users", str(users), "--seconds", str(seconds),
         "--out", str(out)],
        check=True,
    )
    return {r["page"]: r for r in json.loads(out.read_text())}


@contextmanager
def databases(work: Path, postgres: str | None, name: str) -> Iterator[Database]:
    if postgres is None:
        yield sqlite_database(work / name)
    else:
        with postgres_database(postgres, work / name, f"portal_bench_{name}") as database:
            yield database


def table(runs: list[Run]) -> list[str]:
    columns = " | ".join(f"{r.suppliers:,}: median ms | p95 ms | req/s | x floor" for r in runs)
    head = f"| page | {columns} | growth |"
    rule = "|---" * (2 + 4 * len(runs)) + "|"
    lines = [head, rule]
    for page in PAGES:
        cells = []
        for r in runs:
            p = r.pages[page]
            cells.append(f"{p['median_ms']:.1f} | {p['p95_ms']:.1f} | {p['rps']:.0f} | "
                         f"{r.multiple(page):.1f}")
        growth = runs[-1].multiple(page) / runs[0].multiple(page)
        lines.append(f"| {LABELS[page]} | {' | '.join(cells)} | {growth:.2f} |")
    return lines


def judge(runs: list[Run], verdicts: Verdicts) -> None:
    small, large = runs[0], runs[-1]
    database = large.database
    for page in PAGES[1:]:
        if page == "pdf":
            median = large.pages[page]["median_ms"] / 1000
            verdicts.add(f"{database}: PDF median {median:.3f} s at {large.suppliers:,} "
                         f"suppliers (budget < {PDF_SECONDS} s)", median < PDF_SECONDS)
        else:
            m = large.multiple(page)
            verdicts.add(f"{database}: {LABELS[page]} {m:.1f}x the floor at "
                         f"{large.suppliers:,} suppliers (budget <= {FLOOR_MULTIPLE:g}x)",
                         m <= FLOOR_MULTIPLE)
        growth = large.multiple(page) / small.multiple(page)
        verdicts.add(f"{database}: {LABELS[page]} at {large.suppliers // small.suppliers}x the "
                     f"data costs {growth:.2f}x (budget <= {GROWTH:g}x)", growth <= GROWTH)
    for run in runs:
        failed = {p: r["failures"] for p, r in run.pages.items() if r["failures"]}
        verdicts.add(f"{database}: no failed request at {run.suppliers:,} suppliers"
                     + (f" ({failed})" if failed else ""), not failed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--users", type=int, default=2,
                        help="simulated people per page (bounded load; default: one per worker)")
    parser.add_argument("--seconds", type=float, default=8, help="measured seconds per page")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--concurrency-seconds", type=float, default=30)
    parser.add_argument("--postgres", default=os.environ.get("PORTAL_DATABASE_URL"),
                        help="a PostgreSQL server URL; default PORTAL_DATABASE_URL")
    parser.add_argument("--skip-engine", action="store_true")
    args = parser.parse_args(argv)

    verdicts = Verdicts()
    report = [f"# Benchmark results, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC", "",
              f"Machine: {machine()}.", ""]
    if not args.skip_engine:
        print("== the scoring engine (bench/engine.py)", flush=True)
        engine = subprocess.run([sys.executable, "-m", "bench.engine"], cwd=ROOT,
                                capture_output=True, text=True, check=False)
        print(engine.stdout + engine.stderr, flush=True)
        judged = next((line for line in engine.stdout.splitlines()
                       if line.startswith("judged:")), "judged: (no figure)")
        verdicts.add(f"engine: {judged.removeprefix('judged: ')}", engine.returncode == 0)
        report += ["## Scoring engine", "", "```", engine.stdout.strip(), "```", ""]

    targets: list[str | None] = [None] + ([args.postgres] if args.postgres else [])
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="portal-bench-")))
        for server in targets:
            runs: list[Run] = []
            outcome: concurrency.Outcome | None = None
            for size in args.sizes:
                name = f"{'pg' if server else 'sqlite'}_{size}"
                with databases(work, server, name) as database:
                    print(f"== {database.kind}, {size:,} suppliers: generating", flush=True)
                    manifest, seconds = prepare(database, size, args.members)
                    print(f"   generated in {seconds:.1f} s; serving with gunicorn, 2 workers",
                          flush=True)
                    with serving(database) as base:
                        pages = drive(base, database.instance / "bench-manifest.json",
                                      args.users, args.seconds)
                        runs.append(Run(database.kind, size, seconds, pages))
                        if size == max(args.sizes) and args.sessions:
                            print(f"   no lost writes: {args.sessions} sessions for "
                                  f"{args.concurrency_seconds:.0f} s", flush=True)
                            outcome = concurrency.check(base, manifest, args.sessions,
                                                        args.concurrency_seconds)
                            print("   " + outcome.summary().replace("\n", "\n   "), flush=True)
                    if database.kind == "SQLite":
                        shutil.rmtree(database.instance, ignore_errors=True)
            judge(runs, verdicts)
            kind = runs[0].database
            section = [f"## {kind}", "",
                       "Generation: " + ", ".join(f"{r.suppliers:,} suppliers in "
                                                  f"{r.generated_in:.1f} s" for r in runs) + ".",
                       "", *table(runs), ""]
            if outcome is not None:
                verdicts.add(f"{kind}: no lost writes ({outcome.sessions} sessions, "
                             f"{outcome.acknowledged} acknowledged saves, {len(outcome.lost)} "
                             f"lost, {outcome.server_errors} 5xx)", outcome.passed)
                section += ["No lost writes: " + outcome.summary().splitlines()[0] + ".", ""]
            report += section
            print("\n".join(section), flush=True)

    report += ["## Budgets", ""]
    report += [f"- {'PASS' if ok else 'FAIL'}: {text}" for text, ok in verdicts.lines]
    report += ["", f"Settings: {args.users} simulated people per page for {args.seconds:g} s "
               f"after a 1 s warm-up; gunicorn with 2 sync workers; {args.members} buyer "
               "organisations in one consortium.", ""]
    print("== budgets")
    for text, ok in verdicts.lines:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M")
    body = "\n".join(report)
    (RESULTS / "latest.md").write_text(body)
    (RESULTS / f"{stamp}.md").write_text(body)
    print(f"report: {(RESULTS / 'latest.md').relative_to(ROOT)}")
    print("PASS" if verdicts.passed else "FAIL")
    return 0 if verdicts.passed else 1


if __name__ == "__main__":
    sys.exit(main())
