"""Words shown for the stored values of the buyer's journey (statuses, severities, kinds)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

REQUEST_STATUS = {
    "not started": _l("Not started"),
    "draft": _l("In progress"),
    "submitted": _l("Submitted"),
    "awaiting acknowledgements": _l("Submitted – awaiting acknowledgements"),
    "complete": _l("Complete"),
    "reopened": _l("Reopened"),
    "overdue": _l("Overdue"),
    "cancelled": _l("Withdrawn"),
}
SEVERITY = {
    "critical": _l("Critical"),
    "high": _l("High"),
    "medium": _l("Medium"),
    "low": _l("Low"),
}
RISK = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low"), None: _l("Not known")}
ACTION_STATUS = {
    "open": _l("Open"),
    "in progress": _l("In progress"),
    "resolved": _l("Resolved"),
    "verified": _l("Verified"),
    "closed": _l("Closed"),
}
FINDING_KIND = {
    "site visit": _l("Site visit"),
    "monitoring report": _l("Monitoring report"),
    "worker testimony": _l("Worker testimony"),
    "trade union testimony": _l("Trade union testimony"),
    "audit": _l("Audit"),
}
STAGE = {"tender": _l("Tender"), "contract": _l("Contract")}
# The standard tiers (questionnaire definitions name tiers by key only); other keys show as
# they are.
TIER = {"basic": _l("basic"), "advanced": _l("advanced")}
BELOW = "below "
RATINGS = ("A", "B", "C", "D", "E", "F")

LABELS = {
    "request_status": REQUEST_STATUS,
    "severity": SEVERITY,
    "risk": RISK,
    "action_status": ACTION_STATUS,
    "finding_kind": FINDING_KIND,
    "stage": STAGE,
    "tier": TIER,
}


def tier_label(tier: str | None) -> str:
    """A tier or a tier attained ("below basic") in the user's language."""
    if not tier:
        return ""
    if tier.startswith(BELOW):
        return _("below %(tier)s", tier=tier_label(tier[len(BELOW) :]))
    return str(TIER.get(tier, tier))
