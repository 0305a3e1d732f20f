"""Test data for the supplier's journey: a published questionnaire and requests issued from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from portal.auth.models import User
from portal.auth.tokens import token_hash
from portal.db import db
from portal.organisations.models import Organisation
from portal.questionnaires.models import QuestionnaireVersion
from portal.questionnaires.services import get_version, publish_paths
from portal.requests.models import Request
from portal.requests.services import issue
from portal.responses.models import Response
from tests.factories import WorldRefs

ROOT = Path(__file__).resolve().parent.parent
SUPPLY_CHAIN = ROOT / "questionnaires" / "fixtures" / "valid" / "supply-chain" / "1.0.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date.today()


@dataclass(frozen=True)
class Issued:
    """A request as tests need it: ids, its code and a known invitation token."""

    id: int
    code: str
    token: str
    version_id: int


def publish(path: Path = SUPPLY_CHAIN, key: str = "supply-chain", version: str = "1.0") -> int:
    """Publish a definition (once) and return its version id; needs an app context."""
    found = get_version(key, version)
    if found is None:
        publish_paths([path])
        found = get_version(key, version)
    assert found is not None
    return found.id


def issue_request(
    world: WorldRefs,
    *,
    supplier: str = "supplier",
    buyer_user: str = "buyer_admin",
    token: str | None = None,
    path: Path = SUPPLY_CHAIN,
    key: str = "supply-chain",
    version: str = "1.0",
    due: date | None = None,
    tier: str = "basic",
    message: str = "",
) -> Issued:
    """Issue a request from the user's buyer to the supplier; needs an app context."""
    version_id = publish(path, key, version)
    actor = db.session.get(User, getattr(world, buyer_user).id)
    assert actor is not None and actor.organisation is not None
    req = issue(
        actor,
        buyer=actor.organisation,
        supplier=db.session.get(Organisation, getattr(world, supplier).id),  # type: ignore[arg-type]
        version=db.session.get(QuestionnaireVersion, version_id),  # type: ignore[arg-type]
        stage="tender",
        required_tier=tier,
        due_date=due or TODAY + timedelta(days=30),
        today=TODAY,
        message=message,
    )
    token = token or f"token-{req.id}-for-tests"
    req.invitation_token_hash = token_hash(token)
    db.session.flush()
    return Issued(req.id, req.invitation_code, token, version_id)


def response_of(request_id: int) -> Response | None:
    return db.session.scalar(select(Response).where(Response.request_id == request_id))


def request_row(request_id: int) -> Request:
    found = db.session.get(Request, request_id)
    assert found is not None
    return found


def tokens_in(html: str) -> dict[str, str]:
    """The revision token of every answer a rendered section form carries."""
    import re

    return dict(re.findall(r'name="r_(\w+)" value="([^"]*)"', html))


def stored_answers(response_id: int) -> dict[str, Any]:
    from portal.responses.models import Answer

    return {
        a.question_id: a.value
        for a in db.session.scalars(select(Answer).where(Answer.response_id == response_id))
    }


def form_tokens(client: Any, url: str) -> dict[str, str]:
    """The hidden revision fields of the section form at `url`, as a browser sends them back."""
    html = client.get(url).get_data(as_text=True)
    return {f"r_{k}": v for k, v in tokens_in(html).items()}
