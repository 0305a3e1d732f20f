"""Section and tier totals of a response as small integer sums, read back as memo keys.

Every point a question can score is a whole number of `units` (1/scale of a point; floats are
dyadic, so a power-of-two scale makes the ones a definition can give exact). A block holds the
totals of one section or tier in bit fields: points (offset by a bias, so a negative score
borrows from no other field), maximum, requirements and met, each wide enough for its largest
possible sum. Each entry carries its share of its section's block and its share of the tiers'
blocks, laid side by side in one integer; so the plain sum of a section's shares is the key of
the (shared) result of that section, and the sum of all tier shares holds every tier's key.
The sums stay within a machine word for any ordinary questionnaire, which Python adds without
allocating. A total computed in units is exact, and units / scale is the correctly rounded
sum, which is what `math.fsum` of the question points gives. An entry whose points are off the
grid (only an override can give such points) has no shares and is added up by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from portal.questionnaires.definition import Question, QuestionType
from portal.scoring.rules import max_raw_points, points_when_met


def point_values(q: Question) -> list[float]:
    """Points (weight applied) a shown requirement can score: the extremes and the grid."""
    weight = q.weight
    raw: list[float] = [0.0, max_raw_points(q)]
    if points_when_met(q):
        raw.append(1.0)
    elif q.type is QuestionType.YES_NO:
        table = q.scoring.points if q.scoring and q.scoring.points else None
        raw += [table.yes, table.no] if table else [1.0]
    elif q.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        raw += [o.points or 0.0 for o in q.options or ()]
    elif q.scoring and q.scoring.thresholds:
        raw += [band.points for band in q.scoring.thresholds]
    if q.type is QuestionType.MULTI_CHOICE:  # its total never drops below 0
        raw = [max(points, 0.0) for points in raw]
    return [float(points * weight) + 0.0 for points in raw]


@dataclass(frozen=True, slots=True)
class Block:
    """The fields of one section's or tier's totals, from bit `offset` of its integer."""

    offset: int
    points_bits: int
    max_bits: int
    count_bits: int
    bias: int  # the points field holds units plus this

    @property
    def bits(self) -> int:
        """How wide the block is."""
        return self.points_bits + self.max_bits + 2 * self.count_bits

    def shifts(self) -> tuple[int, int, int, int]:
        """Bit offsets of the points, maximum, requirements and met fields."""
        at = self.offset
        return (
            at,
            at + self.points_bits,
            at + self.points_bits + self.max_bits,
            at + self.points_bits + self.max_bits + self.count_bits,
        )

    @property
    def mask(self) -> int:
        """The block's bits, once shifted down to bit 0."""
        return (1 << self.bits) - 1

    def read(self, key: int) -> tuple[int, int, int, int]:
        """Units of points, units of maximum, requirements and met, from the block's key.

        The key is the block's value shifted down to bit 0.
        """
        value = key
        points = value & ((1 << self.points_bits) - 1)
        value >>= self.points_bits
        maximum = value & ((1 << self.max_bits) - 1)
        value >>= self.max_bits
        mask = (1 << self.count_bits) - 1
        return points - self.bias, maximum, value & mask, (value >> self.count_bits) & mask


def _block(offset: int, members: Sequence[tuple[int, int]]) -> Block:
    # members: (fewest, most units) of each requirement in the block
    bias = -sum(low for low, _ in members)
    points_bits = (bias + sum(high for _, high in members)).bit_length()
    max_bits = sum(high for _, high in members).bit_length()
    return Block(offset, points_bits, max_bits, len(members).bit_length(), bias)


@dataclass(frozen=True, slots=True)
class Share:
    """What one entry adds to a block (or to the tier blocks side by side)."""

    unit: int  # one unit of points
    shown: int  # a shown requirement scoring nothing, not met
    hidden: int  # a hidden one: only the bias
    met: int


@dataclass(frozen=True, slots=True)
class Packing:
    """How the entries of one question add into the sums (no shares: not a requirement)."""

    scale: int
    low: int  # fewest units it can score
    high: int
    section: Share | None
    tiers: Share | None
    # equal shares are one object: the few a question can give stay in cache
    shared: dict[tuple[int, int], tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def pack(self, applicable: bool, points: float, met: bool | None) -> tuple[int, int] | None:
        """The entry's shares of its section's and of the tiers' totals; None off the grid."""
        section, tiers = self.section, self.tiers
        if section is None or tiers is None:
            return (0, 0)
        if not applicable:
            return (section.hidden, tiers.hidden)
        numerator, denominator = points.as_integer_ratio()  # finite: definitions have no inf
        if self.scale % denominator:
            return None
        units = numerator * (self.scale // denominator)
        if not self.low <= units <= self.high:
            return None
        value = (
            section.shown + units * section.unit + (section.met if met else 0),
            tiers.shown + units * tiers.unit + (tiers.met if met else 0),
        )
        return self.shared.setdefault(value, value)


def _share(block: Block, low: int, high: int) -> Share:
    points_at, max_at, count_at, met_at = block.shifts()
    hidden = -low << points_at
    return Share(1 << points_at, (1 << count_at) + (high << max_at) + hidden, hidden, 1 << met_at)


class Layout:
    """The blocks of every section and tier, and each question's `Packing`."""

    def __init__(
        self, questions: Sequence[Question], sections: Sequence[int], tiers: Sequence[int],
        section_count: int, tier_count: int,
    ) -> None:
        """`sections` and `tiers` give each question's section and tier rank (-1: none)."""
        grids = [point_values(q) if t >= 0 else [0.0] for q, t in zip(questions, tiers,
                                                                      strict=True)]
        self.scale = max((Fraction(p).denominator for grid in grids for p in grid), default=1)
        bounds = [(int(Fraction(min(g)) * self.scale), int(Fraction(max(g)) * self.scale))
                  for g in grids]
        self.sections = tuple(
            _block(0, [b for b, s, t in zip(bounds, sections, tiers, strict=True)
                       if s == i and t >= 0])
            for i in range(section_count)
        )
        blocks: list[Block] = []
        for i in range(tier_count):  # side by side in one integer
            offset = blocks[-1].offset + blocks[-1].bits if blocks else 0
            blocks.append(_block(offset, [b for b, t in zip(bounds, tiers, strict=True)
                                          if t == i]))
        self.tiers = tuple(blocks)
        packings = []
        for (low, high), s, t in zip(bounds, sections, tiers, strict=True):
            if t < 0:
                packings.append(Packing(self.scale, 0, 0, None, None))
                continue
            section, tier = _share(self.sections[s], low, high), _share(self.tiers[t], low, high)
            packings.append(Packing(self.scale, low, high, section, tier))
        self.packings = tuple(packings)
