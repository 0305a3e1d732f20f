"""Every reason has a plain English sentence drawn from its parameters alone."""

from __future__ import annotations

import pytest

from portal.scoring.explain import explain, fmt_number, make_reason
from portal.scoring.model import ReasonCode as R


@pytest.mark.parametrize(
    ("code", "params", "sentence"),
    [
        (R.NOT_APPLICABLE, {"condition": "a = 'yes'"},
         "Not applicable: its condition (a = 'yes') does not hold."),
        (R.NOT_A_REQUIREMENT, {}, "Not scored: this question is not a requirement."),
        (R.UNANSWERED, {"rule": "in"}, "Not met: the question is not answered."),
        (R.UNANSWERED, {"rule": "file"}, "Not met: no file is attached."),
        (R.MET, {"rule": "in", "answer": "yes", "expected": "yes"},
         "Met: the answer yes is among the accepted answers (yes)."),
        (R.NOT_MET, {"rule": "includes_all", "answer": "a", "expected": "a, b"},
         "Not met: the answer (a) does not include all of a, b."),
        (R.MET, {"rule": "includes_any", "answer": "b", "expected": "a, b"},
         "Met: the answer (b) includes at least one of a, b."),
        (R.MET, {"rule": "range", "answer": "5", "min": "1"}, "Met: the answer 5 is at least 1."),
        (R.NOT_MET, {"rule": "range", "answer": "50", "max": "48"},
         "Not met: the answer 50 is not at most 48."),
        (R.MET, {"rule": "min_points", "answer": "x", "points": "2", "expected": "1"},
         "Met: the answer x scores 2 points, at least 1."),
        (R.MET, {"rule": "max_points", "answer": "x", "points": "1", "expected": "1"},
         "Met: the answer x scores the maximum of 1 point."),
        (R.MET, {"rule": "answered"}, "Met: the question is answered."),
        (R.MET, {"rule": "file"}, "Met: a file is attached."),
        (R.NOT_MET, {"rule": "in", "answer": "no", "expected": "yes", "evidence": "missing",
                     "evidence_question": "e1"},
         "Not met: the answer no is not among the accepted answers (yes). "
         "No file is attached to e1 either."),
        (R.EVIDENCE_MISSING, {"rule": "answered", "evidence_question": "e1"},
         "Not met: the question is answered, but no file is attached to e1."),
        (R.OVERRIDDEN, {"met": "no", "points": "0", "reason": "Audit found fees"},
         "Overridden by the buyer (set to not met and given 0 points): Audit found fees."),
    ],
)
def test_sentences(code: R, params: dict[str, str], sentence: str) -> None:
    reason = make_reason(code, **params)
    assert explain(reason) == sentence
    assert [name for name, _ in reason.params] == sorted(params)


@pytest.mark.parametrize(
    ("value", "text"), [(3, "3"), (3.0, "3"), (-0.0, "0"), (2.5, "2.5"), (1e20, "1e+20"),
                        (0.1, "0.1")],
)
def test_numbers(value: float, text: str) -> None:
    assert fmt_number(value) == text
