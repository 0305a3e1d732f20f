"""Canonical JSON of an assessment: sorted keys, no spaces, UTF-8 text; it round-trips exactly.

The same assessment always gives the same string, so a stored assessment can be compared byte
for byte with a fresh one computed from the same inputs (same questionnaire version hash and
`ENGINE_VERSION`). Floats print in Python's shortest repr, which reads back to the same float.
"""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from portal.scoring.model import Assessment

_ADAPTER: TypeAdapter[Assessment] = TypeAdapter(Assessment)


def assessment_to_dict(assessment: Assessment) -> dict[str, object]:
    """The assessment as JSON-ready data (lists for tuples, strings for enums)."""
    data: dict[str, object] = _ADAPTER.dump_python(assessment, mode="json")
    return data


def assessment_to_json(assessment: Assessment) -> str:
    """The canonical JSON text of an assessment."""
    return json.dumps(
        assessment_to_dict(assessment),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def assessment_from_json(text: str | bytes) -> Assessment:
    """Read an assessment back (strictly: no coercion); a ValueError if the text is not one."""
    return _ADAPTER.validate_json(text, strict=True)
