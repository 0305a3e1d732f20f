"""Rating bands and tier attainment, in exact integer arithmetic.

The rating follows the Drive Sustainability self-assessment rating: the share of required-tier
requirements met (every applicable requirement at or below the required tier, evidence
included) gives a band:

    A  100 %        B  80-99 %      C  60-79 %
    D  40-59 %      E  20-39 %      F  below 20 %

A share between two whole percentages belongs to the lower band (99.5 % is B: only everything
met is A). Shares are compared as integers (100 * met >= 80 * total), so no rounding can move a
supplier across a band boundary.

When nothing is required (no applicable requirement at or below the required tier), the rating
is A: nothing required is missing. This matches the tier rule, under which an empty tier is
vacuously attained, and keeps "meeting one more requirement never lowers the rating" true when
a condition hides every requirement. The assessment's `requirements` count (0) lets a reader
tell this case apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from portal.scoring.model import Rating

# (lowest share in whole percent, band), highest band first
BANDS: tuple[tuple[int, Rating], ...] = (
    (100, Rating.A),
    (80, Rating.B),
    (60, Rating.C),
    (40, Rating.D),
    (20, Rating.E),
    (0, Rating.F),
)


def rating_for(met: int, total: int) -> Rating:
    """The band of `met` requirements out of `total` (A when `total` is 0)."""
    if total <= 0:
        return Rating.A
    for lowest, band in BANDS:
        if 100 * met >= lowest * total:
            return band
    return Rating.F


def tier_attained(tiers: Sequence[str], unmet_by_tier: Sequence[int]) -> str:
    """The highest tier with no unmet requirement at or below it, else "below <lowest tier>"."""
    attained = f"below {tiers[0]}"
    for tier, unmet in zip(tiers, unmet_by_tier, strict=True):
        if unmet:
            break
        attained = tier
    return attained
