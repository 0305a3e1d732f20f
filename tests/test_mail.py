"""The outbox: .eml files by default, SMTP when configured."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from portal import mail


def test_file_backend_writes_one_eml_per_message(app: Flask, outbox: Path) -> None:
    app.config["MAIL_BACKEND"] = "file"  # this module's app_config selects smtp
    with app.app_context():
        mail.send(mail.Mail(to="a@example.org", subject="Héllo", body="Line one\nLine two"))
        mail.send(mail.Mail(to="b@example.org", subject="Second", body="x"))
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2
    first = message_from_bytes(files[0].read_bytes(), policy=default)
    assert first["To"] == "a@example.org" and first["Subject"] == "Héllo"
    assert "Line two" in first.get_payload(decode=True).decode()
    assert not list(outbox.glob("*.tmp"))


class FakeSMTP:
    sent: list[Any] = []
    calls: list[str] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.calls.append(f"connect {host}:{port}")

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        self.calls.append("quit")

    def starttls(self) -> None:
        self.calls.append("starttls")

    def login(self, user: str, password: str) -> None:
        self.calls.append(f"login {user}")

    def send_message(self, message: Any) -> None:
        self.sent.append(message)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {
        "MAIL_BACKEND": "smtp",
        "SMTP_HOST": "relay.example.org",
        "SMTP_PORT": 2525,
        "SMTP_USERNAME": "portal",
        "SMTP_PASSWORD": "secret",
    }


def test_smtp_backend(app: Flask, monkeypatch: pytest.MonkeyPatch, outbox: Path) -> None:
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    with app.app_context():
        mail.send(mail.Mail(to="c@example.org", subject="Via relay", body="hello"))
    assert FakeSMTP.calls == ["connect relay.example.org:2525", "starttls", "login portal", "quit"]
    assert FakeSMTP.sent[0]["To"] == "c@example.org"
    assert not outbox.exists()
