"""Canonical JSON of a definition and its sha256: the identity of a published version.

The same content always gives the same bytes (sorted keys, no spaces, UTF-8, every field
written out), so YAML comments, layout or a plain string versus `{en: ...}` never change the
hash. A stored response names the hash of the exact version it answered.
"""

from __future__ import annotations

import hashlib
import json

from portal.questionnaires.definition import Definition


def canonical_json(definition: Definition) -> str:
    """The definition as compact JSON text with sorted keys."""
    return json.dumps(
        definition.model_dump(mode="json"),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def canonical_bytes(definition: Definition) -> bytes:
    """The canonical JSON encoded as UTF-8, as stored and hashed."""
    return canonical_json(definition).encode("utf-8")


def content_hash(definition: Definition) -> str:
    """Hex sha256 of the canonical bytes."""
    return hashlib.sha256(canonical_bytes(definition)).hexdigest()


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not allowed in canonical JSON")


def definition_from_canonical(
    json_text: str | bytes, expected_hash: str | None = None
) -> Definition:
    """Read back a stored definition; ValueError if `expected_hash` does not match its content.

    Only the models' checks run here, not the authoring rules: a version published under older
    rules must stay readable for the responses that answered it.
    """
    data = json.loads(json_text, parse_constant=_no_constants)
    definition = Definition.model_validate(data)
    if expected_hash is not None and content_hash(definition) != expected_hash:
        raise ValueError("the stored definition does not match its content hash")
    return definition
