"""Rating bands at their boundaries, and tier attainment."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.scoring.model import Rating
from portal.scoring.rating import rating_for, tier_attained


@pytest.mark.parametrize(
    ("met", "total", "band"),
    [
        (5, 5, Rating.A),
        (4, 5, Rating.B),  # 80 %
        (99, 100, Rating.B),
        (199, 200, Rating.B),  # 99.5 %: only everything met is A
        (79, 100, Rating.C),
        (3, 5, Rating.C),  # 60 %
        (59, 100, Rating.D),
        (2, 5, Rating.D),  # 40 %
        (39, 100, Rating.E),
        (1, 5, Rating.E),  # 20 %
        (19, 100, Rating.F),
        (1, 6, Rating.F),  # 16.7 %
        (0, 5, Rating.F),
        (0, 0, Rating.A),  # nothing required, nothing missing
    ],
)
def test_bands(met: int, total: int, band: Rating) -> None:
    assert rating_for(met, total) is band


@given(st.integers(1, 10_000), st.data())
def test_bands_never_fall_as_more_is_met(total: int, data: st.DataObject) -> None:
    met = data.draw(st.integers(0, total - 1))
    assert "ABCDEF".index(rating_for(met + 1, total)) <= "ABCDEF".index(rating_for(met, total))


@pytest.mark.parametrize(
    ("unmet", "attained"),
    [
        ((0, 0, 0), "leading"),
        ((0, 0, 1), "advanced"),
        ((0, 2, 0), "basic"),
        ((1, 0, 0), "below basic"),
    ],
)
def test_tier_attained(unmet: tuple[int, ...], attained: str) -> None:
    assert tier_attained(("basic", "advanced", "leading"), unmet) == attained
