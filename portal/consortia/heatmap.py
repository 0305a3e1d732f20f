"""Where a category's suppliers are weakest: the share meeting each requirement (pure).

A requirement's share is the number of suppliers that met it over the number it applied to
(a condition can leave it unasked). The heat level bands the share into five fixed classes,
so the page colours cells with CSS classes (no inline style) and the number stays in the cell:

    level 0: below 20 %   1: 20-39 %   2: 40-59 %   3: 60-79 %   4: 80 % and more

Bands are decided in integers (5 * met // applicable), so no rounding moves a share across one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

LEVELS = 5


def heat_level(met: int, applicable: int) -> int | None:
    """The band of met/applicable, None when the requirement applied to nobody."""
    if applicable <= 0:
        return None
    return min(LEVELS - 1, (LEVELS * met) // applicable)


def share(met: int, applicable: int) -> float | None:
    """Met as a percentage of applicable, None when the requirement applied to nobody."""
    return 100.0 * met / applicable if applicable > 0 else None


@dataclass(frozen=True)
class Tally:
    """One requirement's counts over the suppliers compared."""

    section_id: str
    question_id: str
    applicable: int
    met: int


@dataclass(frozen=True)
class HeatRow:
    question_id: str
    text: str
    applicable: int
    met: int

    @property
    def share(self) -> float | None:
        return share(self.met, self.applicable)

    @property
    def level(self) -> int | None:
        return heat_level(self.met, self.applicable)

    @property
    def not_met(self) -> int:
        return self.applicable - self.met


@dataclass(frozen=True)
class HeatSection:
    section_id: str
    title: str
    rows: tuple[HeatRow, ...]

    @property
    def applicable(self) -> int:
        return sum(r.applicable for r in self.rows)

    @property
    def met(self) -> int:
        return sum(r.met for r in self.rows)

    @property
    def share(self) -> float | None:
        """Share of (supplier, requirement) pairs met in the section."""
        return share(self.met, self.applicable)

    @property
    def level(self) -> int | None:
        return heat_level(self.met, self.applicable)


@dataclass(frozen=True)
class Heatmap:
    suppliers: int
    sections: tuple[HeatSection, ...]
    weakest: tuple[HeatRow, ...]


@dataclass(frozen=True)
class Layout:
    """The questionnaire's order and words: sections with their question ids, and texts."""

    sections: Sequence[tuple[str, str, Sequence[str]]]  # (section id, title, question ids)
    texts: Mapping[str, str]


def build(suppliers: int, tallies: Sequence[Tally], layout: Layout, weakest: int = 5) -> Heatmap:
    """Rows in the layout's order (requirements the layout lacks come last in their section,
    by id); the weakest are the requirements not met by every supplier, lowest share first
    (ties in the layout's order), at most `weakest` of them."""
    by_section: dict[str, dict[str, Tally]] = {}
    for tally in tallies:
        by_section.setdefault(tally.section_id, {})[tally.question_id] = tally
    sections: list[HeatSection] = []
    known = [(sid, title, list(qids)) for sid, title, qids in layout.sections]
    known += [(sid, sid, []) for sid in sorted(by_section) if sid not in {k[0] for k in known}]
    for section_id, title, question_ids in known:
        found = by_section.get(section_id, {})
        order = [q for q in question_ids if q in found]
        order += sorted(q for q in found if q not in order)
        rows = tuple(
            HeatRow(q, layout.texts.get(q, q), found[q].applicable, found[q].met) for q in order
        )
        if rows:
            sections.append(HeatSection(section_id, title, rows))
    ordered = [row for section in sections for row in section.rows]
    ranked = sorted(
        (Fraction(r.met, r.applicable), i, r)
        for i, r in enumerate(ordered)
        if r.applicable and r.met < r.applicable
    )
    return Heatmap(suppliers, tuple(sections), tuple(r for _, _, r in ranked[:weakest]))
