"""Scoring columns of an XLSForm survey row turned into the requirement fields of our format.

The columns are `tier`, `clause`, `points`, `severity`, `recommendation` and `red_flag`.
What a spreadsheet cannot express (a number requirement needs thresholds, a requirement needs
a recommendation) drops the tier with a warning, so the question itself still converts.
"""

from __future__ import annotations

import re
from typing import Any

from portal.questionnaires.definition import TIER_PATTERN, Severity
from portal.questionnaires.xlsform_choices import ChoiceList, parse_number
from portal.questionnaires.xlsform_reader import ImportWarning, Row
from portal.questionnaires.xlsform_text import Texts

SCORING_COLUMNS = ("tier", "clause", "points", "severity", "recommendation", "red_flag")
_SPLIT = re.compile(r"[,;\s]+")
_TIER_RE = re.compile(TIER_PATTERN)
_YES = "yes"


class Scorer:
    """Adds requirement fields to converted questions; collects the tiers in use."""

    def __init__(self, texts: Texts, warnings: list[ImportWarning], tiers: list[str]) -> None:
        self.texts = texts
        self.warnings = warnings
        self.tiers = tiers

    def _warn(self, row: Row, message: str) -> None:
        self.warnings.append(ImportWarning("survey", row.number, message))

    def apply(self, question: dict[str, Any], row: Row, choices: ChoiceList | None) -> None:
        """Set clauses, red flags and (with a usable tier) the requirement fields."""
        qid, qtype = question["id"], question["type"]
        if clauses := [c for c in _SPLIT.split(row.get("clause")) if c]:
            question["clauses"] = clauses
        if row.get("red_flag"):
            self._red_flags(question, row, choices)
        tier = self._tier(row, qid, qtype)
        if tier is None:
            ignored = [c for c in ("points", "severity", "recommendation")
                       if row.get(c) or row.by_language(c)]
            if ignored and not row.get("tier"):
                self._warn(row, f"{', '.join(ignored)} only apply to requirements (rows with a "
                           "tier); ignored")
            return
        recommendation = self.texts.get(row, "survey", "recommendation")
        if recommendation is None:
            self._warn(row, f"requirement {qid!r} has no recommendation, which every "
                       "requirement needs; the tier was dropped")
            return
        if not self._points(question, row, choices, qid):
            return
        if tier not in self.tiers:
            self.tiers.append(tier)
            self._warn(row, f"tier {tier!r} is not one of the standard tiers; it was added after "
                       f"{self.tiers[-2]!r}")
        question["tier"] = tier
        if severity := row.get("severity"):
            if severity.lower() in {s.value for s in Severity}:
                question["severity"] = severity.lower()
            else:
                self._warn(row, f"severity {severity!r} is not one of low, medium, high, "
                           "critical; the default (medium) is used")
        question["recommendation"] = recommendation

    def _tier(self, row: Row, qid: str, qtype: str) -> str | None:
        raw = row.get("tier")
        if not raw:
            return None
        tier = "_".join(raw.lower().split())
        if not _TIER_RE.match(tier):
            self._warn(row, f"tier {raw!r} is not a valid tier name; the row is not scored")
            return None
        if qtype == "note":
            self._warn(row, f"note {qid!r} has a tier, but a note is never answered; ignored")
            return None
        if qtype == "number":
            self._warn(row, f"number question {qid!r} has a tier, but an XLSForm cannot give "
                       "its scoring thresholds; the tier was dropped (add them in the YAML)")
            return None
        return tier

    def _points(self, question: dict[str, Any], row: Row, choices: ChoiceList | None,
                qid: str) -> bool:
        raw = row.get("points")
        points = parse_number(raw) if raw else None
        if raw and points is None:
            self._warn(row, f"points {raw!r} is not a number; ignored")
        if choices is None:  # text, date, evidence: met scores 1, so points become the weight
            if points is not None and points >= 0:
                question["scoring"] = {"weight": points}
            elif points is not None:
                self._warn(row, f"negative points {raw!r} cannot weigh a question; ignored")
            return True
        by_value = {c.value: c.points for c in choices.choices}
        yes = next((v for v in by_value if v.lower() == _YES), None)
        if points is not None:
            if yes is None:
                self._warn(row, f"points on the survey row need a list with a 'yes' choice; "
                           f"list {choices.name!r} has none, so they were ignored")
            else:
                by_value = {v: points if v == yes else 0 for v in by_value}
        elif all(p is None for p in by_value.values()):
            if yes is None:
                self._warn(row, f"requirement {qid!r}: list {choices.name!r} has no points; "
                           "the tier was dropped")
                return False
            by_value = {v: 1 if v == yes else 0 for v in by_value}
            self._warn(row, f"requirement {qid!r} has no points; {yes!r} scores 1, others 0")
        unscored = [v for v, p in by_value.items() if p is None]
        if unscored:
            self._warn(row, f"requirement {qid!r}: choices without points score 0: "
                       f"{', '.join(unscored)}")
        for option in question["options"]:
            option["points"] = by_value.get(option["value"]) or 0
        return True

    def _red_flags(self, question: dict[str, Any], row: Row, choices: ChoiceList | None) -> None:
        names = [n for n in _SPLIT.split(row.get("red_flag")) if n]
        if choices is None:
            self._warn(row, "red_flag names choices, but this is not a choice question; ignored")
            return
        by_name = {c.name: c for c in choices.choices}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            self._warn(row, f"red_flag names {', '.join(unknown)}, which list {choices.name!r} "
                       "does not have; ignored")
        flagged = [by_name[n] for n in dict.fromkeys(names) if n in by_name]
        if not flagged:
            return
        rule = "includes_any" if question["type"] == "multi_choice" else "in"
        label = {
            lang: f"{text}: {', '.join(c.label[lang] for c in flagged)}"
            for lang, text in question["text"].items()
        }
        question["red_flags"] = [{"when": {rule: [c.value for c in flagged]}, "label": label}]
