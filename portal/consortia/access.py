"""Loading a consortium for a page, and the checks every consortium results page makes first."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from portal import permissions
from portal.db import db
from portal.organisations import queries
from portal.organisations.models import Consortium, ConsortiumMembership


def load(consortium_id: int) -> tuple[Consortium, list[ConsortiumMembership]]:
    """The consortium and its memberships; 404 when there is no such consortium."""
    consortium = db.session.get(Consortium, consortium_id)
    if consortium is None:
        permissions.deny()
    return consortium, queries.memberships(consortium.id)


@dataclass(frozen=True)
class Results:
    """A consortium as a member reads its results: who reads, and who the members are."""

    consortium: Consortium
    members: list[ConsortiumMembership]
    viewer_id: int

    def member_name(self, organisation_id: int) -> str:
        return next(
            (m.organisation.name for m in self.members if m.organisation_id == organisation_id),
            "",
        )


def load_results(consortium_id: int) -> Results:
    """Load, then check: 404 unless the user may see the consortium, 403 unless their
    organisation is a member that may read its results (the operator may not)."""
    consortium, members = load(consortium_id)
    permissions.require(permissions.can_view_consortium(current_user, consortium, members))
    permissions.require(
        permissions.can_read_consortium_results(current_user, consortium, members), visible=True
    )
    return Results(consortium, members, current_user.organisation_id)
