"""The manifest: what a load harness needs to drive the generated portal (who signs in, which
pages it opens, which answers its writers save). Its shape is a contract: see `build`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from portal.bench.activity import Activity
from portal.bench.bulk import Written
from portal.bench.plan import Plan


def build(plan: Plan, activity: Activity, written: Written, password: str) -> dict[str, Any]:
    """The manifest as JSON-ready data.

    `pages` are opened by the lead buyer's admin; each writer is a different supplier's user
    with its own response in progress to the largest questionnaire, all on the same section,
    saving the same text question through the page's autosave endpoint.
    """
    consortium = written.consortium
    key = plan.main.key
    featured = written.requests[activity.featured]
    compared = urlencode(
        [("questionnaire", key), *(("supplier", str(written.suppliers[s]))
                                   for s in activity.compared)]
    )
    writers = []
    for r in plan.requests:
        if not r.writer:
            continue
        request_id = written.requests[r.index]
        writers.append({
            "email": plan.suppliers[r.supplier].user[0],
            "request_id": request_id,
            "section": f"/supplier/requests/{request_id}/sections/{plan.writer_section}",
            "autosave": f"/supplier/requests/{request_id}/autosave",
            "question": plan.writer_question,
        })
    return {
        "suppliers": len(plan.suppliers),
        "members": len(plan.buyers),
        "seed": plan.seed,
        "password": password,
        "buyer": {"email": plan.buyers[activity.lead].admin[0], "consortium_id": consortium},
        "pages": {
            "dashboard": "/buyer/",
            "submission": f"/buyer/requests/{featured}",
            "directory": f"/consortia/{consortium}/suppliers",
            "compare": f"/consortia/{consortium}/compare?{compared}",
            "heatmap": f"/consortia/{consortium}/heatmap?{urlencode({'questionnaire': key})}",
            "pdf": f"/reports/requests/{featured}.pdf",
        },
        "writers": writers,
    }
