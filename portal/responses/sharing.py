"""Shares: a supplier's consent that another buyer, or a consortium, may read a submission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select

from portal.audit.services import record
from portal.db import db, utcnow
from portal.organisations.models import (
    Consortium,
    ConsortiumMembership,
    Organisation,
    OrganisationKind,
)
from portal.requests.models import Request
from portal.requests.services import request_by_code
from portal.responses.models import Response, Share


class ShareRefused(ValueError):
    """The share cannot be made; `code` says why (not_found, issuer, already)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class Reader:
    """Someone who can read the response: the issuing buyer, or a live share."""

    kind: str  # "issuer", "buyer" or "consortium"
    name: str
    share: Share | None


def live_shares(response_id: int) -> list[Share]:
    return list(
        db.session.scalars(
            select(Share)
            .where(Share.response_id == response_id, Share.withdrawn_at.is_(None))
            .order_by(Share.created_at, Share.id)
        )
    )


def readers(response: Response) -> list[Reader]:
    """Everyone who can read the response, the issuing buyer first."""
    result = [Reader("issuer", response.request.buyer.name, None)]
    for share in live_shares(response.id):
        if share.buyer_id is not None:
            org = db.session.get(Organisation, share.buyer_id)
            result.append(Reader("buyer", org.name if org else "?", share))
        else:
            cons = db.session.get(Consortium, share.consortium_id)
            result.append(Reader("consortium", cons.name if cons else "?", share))
    return result


def is_shared_with(response_id: int, organisation_id: int | None) -> bool:
    """Whether a live share lets this organisation read the response (directly or through
    one of its consortia)."""
    if organisation_id is None:
        return False
    consortia = select(ConsortiumMembership.consortium_id).where(
        ConsortiumMembership.organisation_id == organisation_id
    )
    found = db.session.scalar(
        select(Share.id)
        .where(
            Share.response_id == response_id,
            Share.withdrawn_at.is_(None),
            or_(Share.buyer_id == organisation_id, Share.consortium_id.in_(consortia)),
        )
        .limit(1)
    )
    return found is not None


def buyer_named(name: str) -> Organisation | None:
    wanted = " ".join(name.split()).lower()
    if not wanted:
        return None
    return db.session.scalar(
        select(Organisation).where(
            func.lower(Organisation.name) == wanted, Organisation.kind == OrganisationKind.BUYER
        )
    )


def buyer_of_code(code: str, supplier_id: int) -> Organisation | None:
    """The buyer that issued this supplier a request with this invitation code."""
    found: Request | None = request_by_code(code)
    if found is None or found.supplier_id != supplier_id:
        return None
    return found.buyer


def consortium_named(name: str) -> Consortium | None:
    wanted = " ".join(name.split()).lower()
    if not wanted:
        return None
    return db.session.scalar(select(Consortium).where(func.lower(Consortium.name) == wanted))


def share(
    actor: Any,
    response: Response,
    *,
    buyer: Organisation | None = None,
    consortium: Consortium | None = None,
) -> Share:
    if buyer is None and consortium is None:
        raise ShareRefused("not_found")
    if buyer is not None and buyer.id == response.request.buyer_id:
        raise ShareRefused("issuer")
    for existing in live_shares(response.id):
        if (buyer is not None and existing.buyer_id == buyer.id) or (
            consortium is not None and existing.consortium_id == consortium.id
        ):
            raise ShareRefused("already")
    row = Share(
        response_id=response.id,
        buyer_id=buyer.id if buyer else None,
        consortium_id=consortium.id if consortium and not buyer else None,
        created_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    record(
        "response.shared",
        actor=actor,
        organisation_id=response.request.supplier_id,
        object_type="response",
        object_id=response.id,
        before=None,
        after={"share": row.id, "buyer": buyer.name if buyer else None,
               "consortium": consortium.name if consortium and not buyer else None},
    )
    return row


def withdraw(actor: Any, response: Response, row: Share) -> None:
    if row.withdrawn_at is not None:
        return
    row.withdrawn_at = utcnow()
    record(
        "response.share_withdrawn",
        actor=actor,
        organisation_id=response.request.supplier_id,
        object_type="response",
        object_id=response.id,
        before={"share": row.id, "withdrawn": False},
        after={"share": row.id, "withdrawn": True},
    )
