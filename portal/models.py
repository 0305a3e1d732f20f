"""Imports every model module, so that the metadata (and Alembic) knows every table."""

from portal.assessments import models as assessments
from portal.audit import models as audit
from portal.auth import models as auth
from portal.consortia import models as consortia
from portal.findings import models as findings
from portal.followup import models as followup
from portal.organisations import models as organisations
from portal.questionnaires import models as questionnaires
from portal.requests import models as requests
from portal.responses import models as responses
from portal.tenders import models as tenders

__all__ = [
    "assessments", "audit", "auth", "consortia", "findings", "followup", "organisations",
    "questionnaires", "requests", "responses", "tenders",
]
