"""Canonical JSON and content hash: same content, same bytes, whatever the YAML looks like."""

from __future__ import annotations

import io
import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from portal.questionnaires.canonical import (
    canonical_bytes,
    canonical_json,
    content_hash,
    definition_from_canonical,
)
from portal.questionnaires.definition import Definition
from portal.questionnaires.loader import load_definition, parse_yaml
from tests.questionnaires.builders import VALID, build, question

SOURCE = (VALID / "supply-chain" / "1.0.yaml").read_text(encoding="utf-8")
FILENAME = "supply-chain/1.0.yaml"
DATA = parse_yaml(SOURCE, FILENAME).data


def test_canonical_form(supply_chain: Definition) -> None:
    text = canonical_json(supply_chain)
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False)
    assert "Chaîne" in text or "chaîne" in text  # UTF-8, not \\u escapes
    assert canonical_bytes(supply_chain) == text.encode("utf-8")
    assert len(content_hash(supply_chain)) == 64


def test_round_trip(supply_chain: Definition) -> None:
    again = definition_from_canonical(canonical_json(supply_chain))
    assert again == supply_chain
    assert content_hash(again) == content_hash(supply_chain)
    assert definition_from_canonical(canonical_bytes(supply_chain),
                                     expected_hash=content_hash(supply_chain)) == supply_chain


def test_hash_mismatch_is_refused(supply_chain: Definition) -> None:
    with pytest.raises(ValueError, match="hash"):
        definition_from_canonical(canonical_json(supply_chain), expected_hash="0" * 64)


def test_nan_is_refused(supply_chain: Definition) -> None:
    text = canonical_json(supply_chain).replace('"weight":2.0', '"weight":NaN')
    with pytest.raises(ValueError, match="NaN"):
        definition_from_canonical(text)


def test_content_changes_change_the_hash() -> None:
    base = build(question("q", recommendation="Do it", tier="basic"))
    assert content_hash(base) != content_hash(build(question("q", recommendation="Do it!",
                                                             tier="basic")))
    assert content_hash(base) != content_hash(build(question("q", recommendation="Do it",
                                                             tier="advanced")))


def test_plain_string_and_default_language_mapping_hash_alike() -> None:
    plain = build(question("q", text="Wages?"))
    mapping = build(question("q", text={"en": "Wages?"}))
    assert canonical_json(plain) == canonical_json(mapping)


def test_integral_floats_and_ints_hash_alike() -> None:
    assert content_hash(build(question("q", "number", min=1))) == content_hash(
        build(question("q", "number", min=1.0)))


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


def _dump(data: Any, flow: bool | None, indent: int, seq_offset: int) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.width = 4096
    yaml.indent(mapping=indent, sequence=indent + seq_offset, offset=seq_offset)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    flow=st.sampled_from([False, None, True]),
    indent=st.integers(2, 6),
    seq_offset=st.sampled_from([0, 2]),
    comment_every=st.integers(1, 8),
)
def test_hash_ignores_layout_order_and_comments(
    seed: int, flow: bool | None, indent: int, seq_offset: int, comment_every: int
) -> None:
    rng = random.Random(seed)
    text = _dump(_shuffled(DATA, rng), flow, indent, seq_offset)
    if flow is False:  # full-line comments are safe between the lines of block style
        lines = text.splitlines()
        text = "\n".join(
            f"{line}\n# note {i}" if i % comment_every == 0 else line
            for i, line in enumerate(lines)
        ) + "\n"
    reformatted = load_definition(text, FILENAME)
    original = load_definition(SOURCE, FILENAME)
    assert content_hash(reformatted) == content_hash(original)
