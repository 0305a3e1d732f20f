"""Where a supplier stands among the other suppliers of a consortium (pure).

The percentile is the mid-rank percentile over the supplier's peers (the other suppliers with
a score for the same thing):

    percentile = 100 * (peers scoring strictly lower + half the peers scoring the same) / peers

so 100 means better than every peer, 0 worse than every peer, and 50 the middle (or level
with everyone). Without peers there is no percentile (None). Scores are percentages of the
points available; two scores within 1e-6 of each other count as the same, so that sums taken
in a different order still tie.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

TIE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Standing:
    """A score's place among its peers: how many, how many lower, how many level."""

    score: float | None
    peers: int
    lower: int
    ties: int

    @property
    def percentile(self) -> float | None:
        if self.score is None or self.peers == 0:
            return None
        return 100.0 * (self.lower + self.ties / 2) / self.peers


def standing(score: float | None, peers: Iterable[float | None]) -> Standing:
    """The standing of `score` among the peers' scores (peers without a score do not count)."""
    scored = [p for p in peers if p is not None]
    if score is None:
        return Standing(None, len(scored), 0, 0)
    lower = sum(1 for p in scored if p < score - TIE_TOLERANCE)
    ties = sum(1 for p in scored if abs(p - score) <= TIE_TOLERANCE)
    return Standing(score, len(scored), lower, ties)


@dataclass(frozen=True)
class Scores:
    """One supplier's scores for one questionnaire: overall and per section, in percent."""

    supplier_id: int
    category: str | None
    overall: float | None
    sections: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class SectionStanding:
    section_id: str
    overall: Standing
    category: Standing | None


@dataclass(frozen=True)
class Benchmark:
    """A supplier among every supplier of the consortium, and among those of its category."""

    overall: Standing
    category: Standing | None
    sections: tuple[SectionStanding, ...]


def benchmark(
    subject: Scores, population: Sequence[Scores], section_order: Sequence[str] = ()
) -> Benchmark:
    """Rank the subject among the population (the subject itself, if present, is skipped).

    The category standing is None when the subject has no category. Sections follow
    `section_order`, then any other section the subject has, in name order.
    """
    peers = [p for p in population if p.supplier_id != subject.supplier_id]
    same = [p for p in peers if p.category == subject.category] if subject.category else None
    order = [s for s in section_order if s in subject.sections]
    order += sorted(s for s in subject.sections if s not in order)
    sections = tuple(
        SectionStanding(
            section_id,
            standing(subject.sections[section_id], (p.sections.get(section_id) for p in peers)),
            None
            if same is None
            else standing(subject.sections[section_id], (p.sections.get(section_id) for p in same)),
        )
        for section_id in order
    )
    return Benchmark(
        overall=standing(subject.overall, (p.overall for p in peers)),
        category=None if same is None else standing(subject.overall, (p.overall for p in same)),
        sections=sections,
    )
