"""Writing the bench responses: answers with their evidence files, and the assessments of the
submitted ones, stored exactly as `portal.assessments.services.assess` stores them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from portal.assessments.models import Assessment, QuestionOutcome
from portal.bench.answers import FILE
from portal.bench.bulk import Written, chunks, insert_rows
from portal.bench.plan import Plan, Planned
from portal.responses.models import Answer, EvidenceFile, Response, ResponseStatus
from portal.scoring import assessment_to_json

# A minimal PDF, attached as every piece of evidence (listed and downloaded, never parsed).
EVIDENCE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def write_responses(plan: Plan, out: Written) -> None:
    """The started responses, their answers and evidence files, the scored ones' assessments."""
    started = [r for r in plan.requests if r.started_at is not None]
    rows = []
    for r in started:
        assert r.started_at is not None
        user = out.supplier_users[r.supplier]
        submitted = r.submitted_at is not None
        rows.append({
            "request_id": out.requests[r.index],
            "status": ResponseStatus.SUBMITTED if submitted else ResponseStatus.DRAFT,
            "language": "en", "prefilled_from_id": None, "started_at": r.started_at,
            "started_by_id": user, "submitted_at": r.submitted_at,
            "submitted_by_id": user if submitted else None, "reopened_at": None,
            "reopen_message": None, "updated_at": r.submitted_at or r.started_at,
        })
    ids = insert_rows(Response, rows, returning=True)
    out.responses = {r.index: i for r, i in zip(started, ids, strict=True)}
    out.count("responses", len(ids))
    for chunk in chunks(started, 200):
        _answers(plan, out, chunk)
    scored = [r for r in plan.requests if r.scored is not None]
    for chunk in chunks(scored, 200):
        _assessments(out, chunk)


def _answers(plan: Plan, out: Written, requests: Sequence[Planned]) -> None:
    evidence = [(r, qid) for r in requests for qid, value in r.answers.items() if value == FILE]
    sha = hashlib.sha256(EVIDENCE).hexdigest()
    file_ids = insert_rows(EvidenceFile, [
        {"response_id": out.responses[r.index], "question_id": qid,
         "filename": f"{qid.replace('_', '-')}.pdf", "content_type": "application/pdf",
         "size": len(EVIDENCE), "sha256": sha, "data": EVIDENCE,
         "uploaded_at": r.started_at, "uploaded_by_id": out.supplier_users[r.supplier]}
        for r, qid in evidence
    ], returning=True)
    files = {(r.index, qid): i for (r, qid), i in zip(evidence, file_ids, strict=True)}
    rows = [
        {"response_id": out.responses[r.index], "question_id": qid,
         "value": [files[r.index, qid]] if value == FILE else value, "revision": 1,
         "prefilled": False, "updated_at": r.submitted_at or r.started_at,
         "updated_by_id": out.supplier_users[r.supplier]}
        for r in requests for qid, value in r.answers.items()
    ]
    insert_rows(Answer, rows)
    out.count("evidence files", len(file_ids))
    out.count("answers", len(rows))


def _assessments(out: Written, requests: Sequence[Planned]) -> None:
    rows = []
    for r in requests:
        s = r.scored
        assert s is not None
        counts = dict.fromkeys(("critical", "high", "medium", "low"), 0)
        for gap in s.gaps:
            counts[gap.severity.value] += 1
        rows.append({
            "response_id": out.responses[r.index], "is_current": True,
            "engine_version": s.engine_version, "definition_sha256": s.version_hash,
            "required_tier": s.required_tier, "tier_attained": s.tier_attained,
            "rating": s.rating.value,
            "met_share": (s.requirements_met / s.requirements) if s.requirements else 1.0,
            "points": s.points, "max_points": s.max_points,
            "gaps_critical": counts["critical"], "gaps_high": counts["high"],
            "gaps_medium": counts["medium"], "gaps_low": counts["low"],
            "red_flags": len(s.red_flags), "overridden": any(q.overridden for q in s.questions),
            "data": assessment_to_json(s), "created_at": r.submitted_at,
        })
    ids = insert_rows(Assessment, rows, returning=True)
    outcomes = []
    for r, assessment_id in zip(requests, ids, strict=True):
        s = r.scored
        assert s is not None
        severity = {q.id: q.severity.value for q in r.version.definition.requirements()}
        flagged = {hit.question_id for hit in s.red_flags}
        gap_ids = {gap.question_id for gap in s.gaps}
        outcomes += [
            {"assessment_id": assessment_id, "question_id": q.question_id,
             "section_id": q.section_id, "tier": q.tier, "applicable": q.applicable,
             "met": q.met, "points": q.points, "max_points": q.max_points,
             "severity": severity.get(q.question_id), "is_gap": q.question_id in gap_ids,
             "red_flag": q.question_id in flagged}
            for q in s.questions
            if q.tier is not None or q.question_id in flagged
        ]
    insert_rows(QuestionOutcome, outcomes)
    out.count("assessments", len(ids))
    out.count("question outcomes", len(outcomes))
