"""Answers posted after the session ended: kept server-side until the user signs in again.

The token goes into the sign-in link (only its hash is stored); after sign-in the section page
shows the stashed input again, for the supplier to save. A stash is applied only for a user
who may answer the request, and only through the usual save with its revision checks.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import delete, func, select
from werkzeug.datastructures import MultiDict

from portal.auth.tokens import new_token, token_hash
from portal.db import db, utcnow
from portal.responses.models import AnswerStash

STASH_DAYS = 7
MAX_STASH_CHARS = 256 * 1024
# Anyone may post to a section after a timeout; this bounds what one request can accumulate.
MAX_STASHES_PER_REQUEST_PER_HOUR = 50
KEPT_PREFIXES = ("q_", "r_")


def stash(request_id: int, section_id: str, form: MultiDict[str, str]) -> str | None:
    """Keep the posted answers; the token to restore them, or None if there is nothing to keep."""
    data = {k: form.getlist(k) for k in form if k.startswith(KEPT_PREFIXES)}
    if not any(k.startswith("q_") for k in data):
        return None
    if len(json.dumps(data)) > MAX_STASH_CHARS:
        return None
    db.session.execute(
        delete(AnswerStash).where(AnswerStash.created_at < utcnow() - timedelta(days=STASH_DAYS))
    )
    recent = db.session.scalar(
        select(func.count())
        .select_from(AnswerStash)
        .where(
            AnswerStash.request_id == request_id,
            AnswerStash.created_at > utcnow() - timedelta(hours=1),
        )
    )
    if (recent or 0) >= MAX_STASHES_PER_REQUEST_PER_HOUR:
        return None
    token = new_token()
    db.session.add(
        AnswerStash(
            token_hash=token_hash(token), request_id=request_id, section_id=section_id, data=data
        )
    )
    db.session.flush()
    return token


def stashed(token: str, request_id: int) -> AnswerStash | None:
    row = db.session.scalar(
        select(AnswerStash).where(
            AnswerStash.token_hash == token_hash(token), AnswerStash.request_id == request_id
        )
    )
    if row is None or row.created_at < utcnow() - timedelta(days=STASH_DAYS):
        return None
    return row


def as_formdata(row: AnswerStash) -> MultiDict[str, str]:
    data = row.data if isinstance(row.data, dict) else {}
    return MultiDict(
        [(k, str(v)) for k, values in data.items() if isinstance(values, list) for v in values]
    )


def drop(token: str, request_id: int) -> None:
    db.session.execute(
        delete(AnswerStash).where(
            AnswerStash.token_hash == token_hash(token), AnswerStash.request_id == request_id
        )
    )
