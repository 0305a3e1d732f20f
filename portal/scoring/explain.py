"""Reasons as plain English sentences, so the buyer and the supplier read the same reasoning.

A `Reason` is the structured form (a code and parameters); `explain` turns it into the sentence
shown next to it. The sentence is drawn from the parameters alone, so anything that stores a
reason can explain it again without the definition.
"""

from __future__ import annotations

from collections.abc import Iterable

from portal.scoring.model import Reason, ReasonCode

# rule kind -> (sentence when the rule holds, sentence when it does not)
_RULE_SENTENCES: dict[str, tuple[str, str]] = {
    "in": (
        "the answer {answer} is among the accepted answers ({expected})",
        "the answer {answer} is not among the accepted answers ({expected})",
    ),
    "includes_any": (
        "the answer ({answer}) includes at least one of {expected}",
        "the answer ({answer}) includes none of {expected}",
    ),
    "includes_all": (
        "the answer ({answer}) includes all of {expected}",
        "the answer ({answer}) does not include all of {expected}",
    ),
    "includes_none": (
        "the answer ({answer}) includes none of {expected}",
        "the answer ({answer}) includes some of {expected}",
    ),
    "range": (
        "the answer {answer} is {range}",
        "the answer {answer} is not {range}",
    ),
    "min_points": (
        "the answer {answer} scores {points_n}, at least {expected}",
        "the answer {answer} scores {points_n}, fewer than {expected}",
    ),
    "max_points": (
        "the answer {answer} scores the maximum of {expected_n}",
        "the answer {answer} scores {points} of a possible {expected_n}",
    ),
    "answered": ("the question is answered", "the question is not answered"),
    "file": ("a file is attached", "no file is attached"),
}


def fmt_number(value: float) -> str:
    """A number as people write it: 3 for 3.0, 2.5 for 2.5; equal numbers print the same."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def fmt_values(values: Iterable[str]) -> str:
    """Choice values as a list in a sentence ("none" for no value)."""
    return ", ".join(values) or "none"


def make_reason(code: ReasonCode, **params: str) -> Reason:
    """A reason with its parameters sorted by name, so equal reasons compare and print equal."""
    return Reason(code, tuple(sorted(params.items())))


def _count(points: str) -> str:
    return f"{points} point" if points == "1" else f"{points} points"


def _range_text(params: dict[str, str]) -> str:
    low, high = params.get("min"), params.get("max")
    if low is not None and high is not None:
        return f"between {low} and {high}"
    if low is not None:
        return f"at least {low}"
    return f"at most {high}"


def _rule_sentence(params: dict[str, str], holds: bool) -> str:
    kind = params.get("rule", "answered")
    positive, negative = _RULE_SENTENCES.get(kind, _RULE_SENTENCES["answered"])
    fields = {"answer": "", "expected": "", "points": "", **params}
    fields["points_n"] = _count(fields["points"])
    fields["expected_n"] = _count(fields["expected"])
    if kind == "range":
        fields["range"] = _range_text(params)
    return (positive if holds else negative).format(**fields)


def _override_sentence(params: dict[str, str]) -> str:
    changes = []
    if "met" in params:
        changes.append("set to met" if params["met"] == "yes" else "set to not met")
    if "points" in params:
        changes.append(f"given {params['points']} points")
    return f"Overridden by the buyer ({' and '.join(changes)}): {params.get('reason', '')}"


def explain(reason: Reason) -> str:
    """The plain English sentence for a reason."""
    params = dict(reason.params)
    code = reason.code
    evidence_question = params.get("evidence_question", "")
    if code is ReasonCode.NOT_APPLICABLE:
        text = f"Not applicable: its condition ({params.get('condition', '')}) does not hold."
        if "override" in params:
            text += " The buyer's override is not applied to a question that is not shown."
        return text
    if code is ReasonCode.NOT_A_REQUIREMENT:
        return "Not scored: this question is not a requirement."
    if code is ReasonCode.UNANSWERED:
        if params.get("rule") == "file":
            return "Not met: no file is attached."
        return "Not met: the question is not answered."
    if code is ReasonCode.MET:
        text = f"Met: {_rule_sentence(params, holds=True)}."
        if evidence_question:
            text += f" A file is attached to {evidence_question}."
        return text
    if code is ReasonCode.NOT_MET:
        text = f"Not met: {_rule_sentence(params, holds=False)}."
        if params.get("evidence") == "missing":
            text += f" No file is attached to {evidence_question} either."
        return text
    if code is ReasonCode.EVIDENCE_MISSING:
        return (
            f"Not met: {_rule_sentence(params, holds=True)}, "
            f"but no file is attached to {evidence_question}."
        )
    return f"{_override_sentence(params)}."
