"""No lost writes: concurrent supplier sessions save answers, then every save is read back.

Each session signs in as its own supplier user, opens its section page and, until the time is
up, saves a new value of one text question through the page's autosave endpoint, as the
page's script does (JSON, the CSRF header, the answer's token). Every save the server
acknowledged ("saved", HTTP 200) is counted. Afterwards a fresh session opens each page
again and reads the answer's token, `revision:hash-of-value`: the revision must have grown
by exactly the number of acknowledged saves, and the value must be the last one
acknowledged. Any 5xx, any refused or conflicting save, any read-back that differs is
reported; the check passes only with none.

Run `python -m bench.concurrency --url http://127.0.0.1:8000 --manifest M` against a portal
loaded by `flask bench generate`, or through `make bench` (bench/load.py), which runs it on
SQLite and PostgreSQL with 50 sessions for 30 seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

_CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_DATA_CSRF = re.compile(r'data-csrf="([^"]+)"')


def value_hash(value: object) -> str:
    """The portal's hash of a stored value (portal.responses.inputs.value_hash)."""
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def sign_in(base: str, email: str, password: str, timeout: float = 30) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/auth/sign-in", timeout=timeout)
    page.raise_for_status()
    token = _CSRF_FIELD.search(page.text)
    if token is None:
        raise RuntimeError("the sign-in page has no CSRF token")
    answer = session.post(
        f"{base}/auth/sign-in",
        data={"email": email, "password": password, "csrf_token": token.group(1)},
        timeout=timeout, allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"signing in as {email} failed: HTTP {answer.status_code}")
    return session


def read_section(
    session: requests.Session, base: str, writer: dict[str, Any], timeout: float = 30
) -> tuple[str, str, str]:
    """The page's CSRF token, the question's answer token, and its textarea's text."""
    page = session.get(base + writer["section"], timeout=timeout)
    page.raise_for_status()
    csrf = _DATA_CSRF.search(page.text)
    qid = re.escape(writer["question"])
    token = re.search(rf'name="r_{qid}" value="([^"]*)"', page.text)
    area = re.search(rf'<textarea[^>]*name="q_{qid}"[^>]*>(.*?)</textarea>', page.text, re.S)
    if csrf is None or token is None:
        raise RuntimeError(f"{writer['section']} has no CSRF or answer token for {qid}")
    return csrf.group(1), token.group(1), html.unescape(area.group(1)) if area else ""


@dataclass
class Writer:
    """One session's record: what it saved and what the server said."""

    email: str
    start_revision: int = 0
    acknowledged: int = 0
    last_value: str | None = None
    last_token: str | None = None
    refused: dict[str, int] = field(default_factory=dict)  # status or error -> count
    server_errors: int = 0
    latencies: list[float] = field(default_factory=list)


@dataclass
class Outcome:
    sessions: int
    seconds: float
    writers: list[Writer]
    lost: list[str]  # one line per save that did not read back

    @property
    def acknowledged(self) -> int:
        return sum(w.acknowledged for w in self.writers)

    @property
    def server_errors(self) -> int:
        return sum(w.server_errors for w in self.writers)

    @property
    def refused(self) -> int:
        return sum(sum(w.refused.values()) for w in self.writers)

    @property
    def passed(self) -> bool:
        return not self.lost and self.server_errors == 0 and self.refused == 0 and all(
            w.acknowledged for w in self.writers
        )

    def summary(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        lines = [
            f"{self.sessions} sessions for {self.seconds:.0f} s: {self.acknowledged} saves "
            f"acknowledged ({self.acknowledged / self.seconds:.1f}/s), {len(self.lost)} lost, "
            f"{self.server_errors} 5xx, {self.refused} refused: {verdict}",
        ]
        lines += [f"  lost: {line}" for line in self.lost[:20]]
        for w in self.writers:
            if w.refused or not w.acknowledged:
                lines.append(f"  {w.email}: refused {w.refused or 'nothing, but saved nothing'}")
        return "\n".join(lines)


@dataclass
class _Opened:
    session: requests.Session
    csrf: str
    token: str


def _open(base: str, writer: dict[str, Any], password: str, record: Writer) -> _Opened:
    session = sign_in(base, writer["email"], password)
    csrf, token, _text = read_section(session, base, writer)
    record.start_revision = int(token.partition(":")[0])
    return _Opened(session, csrf, token)


def _write(base: str, writer: dict[str, Any], opened: _Opened, record: Writer,
           deadline: float) -> None:
    session, token = opened.session, opened.token
    headers = {"X-CSRFToken": opened.csrf, "Accept": "application/json"}
    n = 0
    while time.monotonic() < deadline:
        n += 1
        value = f"{writer['email']} save {n}: wages paid monthly, overtime recorded."
        payload = {"question": writer["question"], "values": [value], "token": token}
        started = time.perf_counter()
        try:
            answer = session.post(base + writer["autosave"], json=payload, headers=headers,
                                  timeout=60)
        except requests.RequestException as error:
            key = type(error).__name__
            record.refused[key] = record.refused.get(key, 0) + 1
            continue
        record.latencies.append(time.perf_counter() - started)
        if answer.status_code >= 500:
            record.server_errors += 1
            continue
        status = answer.json().get("status") if answer.headers.get(
            "Content-Type", "").startswith("application/json") else None
        if answer.status_code == 200 and status == "saved":
            record.acknowledged += 1
            record.last_value = value
            token = answer.json()["token"]
            record.last_token = token
        else:
            key = f"HTTP {answer.status_code} {status}"
            record.refused[key] = record.refused.get(key, 0) + 1
            if status == "conflict":
                token = answer.json()["token"]


def _read_back(base: str, writer: dict[str, Any], password: str, record: Writer) -> list[str]:
    with sign_in(base, writer["email"], password) as session:
        _csrf, token, text = read_section(session, base, writer)
    revision, _sep, digest = token.partition(":")
    lost = []
    expected_revision = record.start_revision + record.acknowledged
    if int(revision) != expected_revision:
        lost.append(f"{writer['email']}: revision {revision}, expected {expected_revision} "
                    f"({record.acknowledged} acknowledged saves from {record.start_revision})")
    if record.last_value is not None and (
        digest != value_hash(record.last_value) or text != record.last_value
    ):
        lost.append(f"{writer['email']}: stored {text!r}, last acknowledged "
                    f"{record.last_value!r}")
    return lost


def check(base: str, manifest: dict[str, Any], sessions: int, seconds: float) -> Outcome:
    """`sessions` writers, each its own supplier, saving for `seconds`; then the read-back."""
    writers = manifest["writers"][:sessions]
    if len(writers) < sessions:
        raise ValueError(f"the manifest has {len(writers)} writers; {sessions} were asked for")
    password = manifest["password"]
    records = [Writer(w["email"]) for w in writers]
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        # Every session signs in and opens its page before the clock starts.
        opened = list(pool.map(_open, [base] * sessions, writers, [password] * sessions,
                               records))
        started = time.monotonic()
        deadline = started + seconds
        futures = [pool.submit(_write, base, w, o, r, deadline)
                   for w, o, r in zip(writers, opened, records, strict=True)]
        try:
            for future in futures:
                future.result()  # a session that fails outright fails the check
        finally:
            for o in opened:
                o.session.close()
    elapsed = max(seconds, time.monotonic() - started)
    lost: list[str] = []
    with ThreadPoolExecutor(max_workers=min(sessions, 8)) as pool:
        for lines in pool.map(_read_back, [base] * len(writers), writers,
                              [password] * len(writers), records):
            lost += lines
    return Outcome(sessions, elapsed, records, lost)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the portal's base URL")
    parser.add_argument("--manifest", required=True, type=Path,
                        help="the manifest `flask bench generate` wrote")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args(argv)
    outcome = check(args.url.rstrip("/"), json.loads(args.manifest.read_text()),
                    args.sessions, args.seconds)
    print(outcome.summary())
    return 0 if outcome.passed else 1


if __name__ == "__main__":
    sys.exit(main())
