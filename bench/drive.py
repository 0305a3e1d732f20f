"""The bounded load generator: locust, used as a library, one page at a time.

It runs in its own virtual environment (`.venv-bench`, from bench/requirements.txt; locust
brings gevent, which the portal does not need) and is started by bench/load.py:

    .venv-bench/bin/python bench/drive.py --host http://127.0.0.1:8000 \
        --manifest instance/bench-manifest.json --users 2 --seconds 8 --out results.json

For each page in turn, `--users` simulated people sign in (outside the measurement), then
request the page back to back, with no think time, for `--seconds`; the first second is a
warm-up and is not counted. Every response is checked (status, and for a save the JSON
status "saved"); a wrong one counts as a failure. Response times are kept exactly (locust's
own statistics round them), and the JSON written to `--out` holds, per page: requests,
failures, requests per second, median and 95th percentile in milliseconds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, constant, task  # locust patches the standard library first
from locust.env import Environment

PAGES = ("floor", "section", "save", "dashboard", "submission", "directory", "compare",
         "heatmap", "pdf")
WARM_UP_SECONDS = 1.0
_CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_DATA_CSRF = re.compile(r'data-csrf="([^"]+)"')


class Visitor(FastHttpUser):
    """Somebody using the portal; `page` and `manifest` are set on a subclass per run."""

    abstract = True
    wait_time = constant(0)
    page = "floor"
    manifest: dict[str, Any] = {}
    writers: itertools.count[int] = itertools.count()

    def on_start(self) -> None:
        if self.page == "floor":
            return
        if self.page in ("section", "save"):
            self.writer = self.manifest["writers"][next(self.writers)]
            self._sign_in(self.writer["email"])
            page = self.client.get(self.writer["section"], name="(setup)").text
            found = _DATA_CSRF.search(page)
            token = re.search(rf'name="r_{re.escape(self.writer["question"])}" value="([^"]*)"',
                              page)
            if found is None or token is None:
                raise RuntimeError(f"no CSRF or answer token on {self.writer['section']}")
            self.csrf, self.token, self.saves = found.group(1), token.group(1), 0
        else:
            self._sign_in(self.manifest["buyer"]["email"])

    def _sign_in(self, email: str) -> None:
        page = self.client.get("/auth/sign-in", name="(setup)").text
        token = _CSRF_FIELD.search(page)
        if token is None:
            raise RuntimeError("the sign-in page has no CSRF token")
        with self.client.post(
            "/auth/sign-in", name="(setup)", allow_redirects=False, catch_response=True,
            data={"email": email, "password": self.manifest["password"],
                  "csrf_token": token.group(1)},
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"sign-in as {email}: HTTP {answer.status_code}")
                raise RuntimeError(f"signing in as {email} failed")

    @task
    def visit(self) -> None:
        if self.page == "save":
            self._save()
            return
        url = {"floor": "/healthz", "section": getattr(self, "writer", {}).get("section")}.get(
            self.page
        ) or self.manifest["pages"][self.page]
        with self.client.get(url, name=self.page, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"HTTP {answer.status_code}")

    def _save(self) -> None:
        self.saves += 1
        payload = {"question": self.writer["question"], "token": self.token,
                   "values": [f"Saved under load, turn {self.saves}."]}
        with self.client.post(
            self.writer["autosave"], name="save", json=payload, catch_response=True,
            headers={"X-CSRFToken": self.csrf, "Accept": "application/json"},
        ) as answer:
            body = answer.json() if answer.status_code < 500 else {}
            if answer.status_code == 200 and body.get("status") == "saved":
                self.token = body["token"]
            else:
                answer.failure(f"HTTP {answer.status_code} {body.get('status')}")


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(host: str, manifest: dict[str, Any], page: str, users: int,
            seconds: float) -> dict[str, Any]:
    """Drive one page; its figures."""
    user = type(f"Visitor_{page}", (Visitor,), {
        "page": page, "manifest": manifest, "host": host, "writers": itertools.count(),
    })
    env = Environment(user_classes=[user], host=host)
    times: list[float] = []
    failures: list[str] = []
    window: dict[str, float] = {}

    def on_request(request_type: str, name: str, response_time: float, response_length: int,
                   exception: BaseException | None = None, **_: Any) -> None:
        if name == "(setup)":
            if exception is not None:
                failures.append(f"setup: {exception}")
            return
        if "from" not in window or time.monotonic() < window["from"]:
            return
        if exception is not None:
            failures.append(str(exception))
        else:
            times.append(response_time)

    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(WARM_UP_SECONDS)
    window["from"] = time.monotonic()
    gevent.sleep(seconds)
    elapsed = time.monotonic() - window["from"]
    window["from"] = float("inf")
    runner.quit()
    times.sort()
    if not times:
        raise RuntimeError(f"{page}: no successful request ({failures[:3]})")
    return {
        "page": page,
        "requests": len(times),
        "failures": len(failures),
        "failure_examples": sorted(set(failures))[:3],
        "rps": len(times) / elapsed,
        "median_ms": statistics.median(times),
        "p95_ms": _percentile(times, 0.95),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--manifest", required=True, type=Path)
    parser.add_argument("--users", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--pages", nargs="*", default=list(PAGES), choices=PAGES)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    manifest = json.loads(args.manifest.read_text())
    results = []
    for page in args.pages:
        result = measure(args.host, manifest, page, args.users, args.seconds)
        print(f"  {page:<11} {result['median_ms']:8.1f} ms median  {result['rps']:7.1f}/s  "
              f"{result['failures']} failed", flush=True)
        results.append(result)
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
