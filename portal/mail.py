"""The outbox: every mail the portal sends goes through one of these backends."""

from __future__ import annotations

import smtplib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol

from flask import current_app

from portal.db import utcnow


@dataclass(frozen=True)
class Mail:
    """A plain-text message to one recipient."""

    to: str
    subject: str
    body: str


class Backend(Protocol):
    def deliver(self, message: EmailMessage) -> None: ...


class FileBackend:
    """Writes each message as an .eml file, so the portal works offline and tests can read mail."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def deliver(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        path = self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(bytes(message))
        tmp.replace(path)


class SMTPBackend:
    """Sends through an SMTP relay, with STARTTLS unless turned off."""

    def __init__(
        self,
        host: str,
        port: int,
        username: str | None,
        password: str | None,
        starttls: bool,
        timeout: float,
    ) -> None:
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.starttls, self.timeout = starttls, timeout

    def deliver(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


def backend() -> Backend:
    """The backend the configuration names."""
    config = current_app.config
    if config["MAIL_BACKEND"] == "smtp":
        return SMTPBackend(
            config["SMTP_HOST"],
            int(config["SMTP_PORT"]),
            config["SMTP_USERNAME"],
            config["SMTP_PASSWORD"],
            bool(config["SMTP_STARTTLS"]),
            float(config["SMTP_TIMEOUT_SECONDS"]),
        )
    if config["MAIL_BACKEND"] == "file":
        return FileBackend(Path(config["MAIL_OUTBOX_DIR"]))
    raise RuntimeError(f"unknown MAIL_BACKEND {config['MAIL_BACKEND']!r}: use 'file' or 'smtp'")


def send(mail: Mail) -> None:
    """Build the message and hand it to the configured backend."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="portal.invalid")
    message.set_content(mail.body)
    backend().deliver(message)
