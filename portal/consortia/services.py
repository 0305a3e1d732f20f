"""Changes members make together: joint follow-up actions, findings shared with a consortium,
and notes on a supplier.

Each change is recorded in the audit log; the request commits once.
"""

from __future__ import annotations

from typing import Any

from portal.audit.services import record
from portal.consortia.models import ConsortiumNote
from portal.db import db
from portal.findings.models import Finding
from portal.followup.models import FollowUpAction
from portal.organisations.models import Consortium


class SharingRefused(ValueError):
    """The change cannot be made; `code` says why ("elsewhere": shared with another consortium)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def _audit(
    actor: Any, name: str, obj: Any, kind: str, before: dict[str, Any], consortium: Consortium
) -> None:
    after = {"consortium_id": obj.consortium_id}
    if isinstance(obj, FollowUpAction):
        after["is_joint"] = obj.is_joint
    record(
        name,
        actor=actor,
        organisation_id=obj.buyer_id,
        object_type=kind,
        object_id=obj.id,
        before=before,
        after=after,
        consortium=consortium.name,
    )


def make_joint(actor: Any, consortium: Consortium, action: FollowUpAction) -> bool:
    """Mark the action joint in the consortium, so its conversation serves every member;
    False if it already is."""
    if action.consortium_id not in (None, consortium.id):
        raise SharingRefused("elsewhere")
    if action.is_joint and action.consortium_id == consortium.id:
        return False
    before = {"is_joint": action.is_joint, "consortium_id": action.consortium_id}
    action.is_joint = True
    action.consortium_id = consortium.id
    _audit(actor, "followup.action_made_joint", action, "followup_action", before, consortium)
    return True


def end_joint(actor: Any, consortium: Consortium, action: FollowUpAction) -> bool:
    """The action is the owner's alone again; False if it was not joint in this consortium."""
    if action.consortium_id != consortium.id:
        return False
    before = {"is_joint": action.is_joint, "consortium_id": action.consortium_id}
    action.is_joint = False
    action.consortium_id = None
    _audit(actor, "followup.action_joint_ended", action, "followup_action", before, consortium)
    return True


def share_finding(actor: Any, consortium: Consortium, finding: Finding) -> bool:
    """Share the finding with the consortium, so one site visit serves every member; False if
    it already is."""
    if finding.consortium_id == consortium.id:
        return False
    if finding.consortium_id is not None:
        raise SharingRefused("elsewhere")
    finding.consortium_id = consortium.id
    _audit(actor, "finding.shared", finding, "finding", {"consortium_id": None}, consortium)
    return True


def unshare_finding(actor: Any, consortium: Consortium, finding: Finding) -> bool:
    """Stop sharing the finding with the consortium; False if it was not shared with it."""
    if finding.consortium_id != consortium.id:
        return False
    finding.consortium_id = None
    _audit(
        actor, "finding.unshared", finding, "finding", {"consortium_id": consortium.id}, consortium
    )
    return True


def add_note(actor: Any, consortium: Consortium, supplier_id: int, body: str) -> ConsortiumNote:
    """The actor's note on the supplier, for every member of the consortium."""
    note = ConsortiumNote(
        consortium_id=consortium.id,
        supplier_id=supplier_id,
        organisation_id=actor.organisation_id,
        author_id=actor.id,
        body=body,
    )
    db.session.add(note)
    db.session.flush()
    record(
        "consortium.note_added",
        actor=actor,
        organisation_id=actor.organisation_id,
        object_type="consortium_note",
        object_id=note.id,
        after={"supplier_id": supplier_id, "body": body},
        consortium=consortium.name,
    )
    return note


def delete_note(actor: Any, consortium: Consortium, note: ConsortiumNote) -> None:
    record(
        "consortium.note_deleted",
        actor=actor,
        organisation_id=note.organisation_id,
        object_type="consortium_note",
        object_id=note.id,
        before={"supplier_id": note.supplier_id, "author_id": note.author_id, "body": note.body},
        consortium=consortium.name,
    )
    db.session.delete(note)
