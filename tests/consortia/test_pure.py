"""The pure consortium modules: percentiles, heat bands, version alignment, safe CSV."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.consortia import benchmark, compare, export, heatmap
from portal.consortia.benchmark import Scores, standing
from portal.consortia.compare import Cell, Column, Gaps, Layout, Outcome, Question, State

PURE = ("benchmark", "compare", "export", "heatmap")
ROOT = Path(__file__).resolve().parents[2]
ALLOWED_PORTAL = (
    "portal.consortia.benchmark",
    "portal.consortia.compare",
    "portal.consortia.export",
    "portal.consortia.heatmap",
)


@pytest.mark.parametrize("name", PURE)
def test_pure_modules_import_only_the_standard_library(name: str) -> None:
    source = (ROOT / "portal" / "consortia" / f"{name}.py").read_text(encoding="utf-8")
    imported = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            imported.append(node.module or "")
    for module in imported:
        root = module.split(".")[0]
        assert (
            root == "__future__"
            or module in ALLOWED_PORTAL
            or (root != "portal" and root in __import__("sys").stdlib_module_names)
        ), f"{name}.py imports {module}"


# Benchmark ----------------------------------------------------------------------------------


def test_percentile_counts_lower_peers_and_half_the_ties() -> None:
    # Peers 25, 50, 75, 100 around a supplier at 50: one lower, one level -> (1 + 0.5) / 4.
    found = standing(50.0, [25.0, 50.0, 75.0, 100.0])
    assert (found.peers, found.lower, found.ties) == (4, 1, 1)
    assert found.percentile == 37.5
    assert standing(100.0, [25.0, 50.0]).percentile == 100.0
    assert standing(0.0, [25.0, 50.0]).percentile == 0.0
    assert standing(60.0, [60.0, 60.0, 60.0]).percentile == 50.0
    assert standing(60.0, []).percentile is None
    assert standing(None, [1.0]).percentile is None
    # Peers without a score do not count; sums taken in another order still tie.
    assert standing(30.0, [None, 0.1 + 0.2 + 29.7, 10.0]).percentile == 75.0


@given(
    st.floats(0, 100, allow_nan=False),
    st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=30),
)
def test_percentile_is_between_0_and_100_and_rises_with_the_score(
    score: float, peers: list[float]
) -> None:
    found = standing(score, peers).percentile
    assert found is not None and 0 <= found <= 100
    better = standing(min(100.0, score + 10), peers).percentile
    assert better is not None and better >= found


def test_benchmark_ranks_overall_in_the_category_and_per_section() -> None:
    population = [
        Scores(1, "gloves", 100.0, {"policy": 100.0, "wages": 100.0}),
        Scores(2, "gloves", 50.0, {"policy": 50.0, "wages": 50.0}),
        Scores(3, "ict", 75.0, {"policy": 50.0, "wages": 100.0}),
        Scores(4, "gloves", 75.0, {"policy": 100.0}),
    ]
    found = benchmark.benchmark(population[3], population, ["policy", "wages"])
    # Overall 75 among 100, 50, 75: one lower, one level -> 50; in gloves (100, 50): 50.
    assert found.overall.percentile == 50.0
    assert found.category is not None and found.category.percentile == 50.0
    assert found.category.peers == 2
    # Policy 100 among 100, 50, 50 -> (2 + 0.5) / 3; only sections the subject has.
    assert [s.section_id for s in found.sections] == ["policy"]
    assert found.sections[0].overall.percentile == pytest.approx(100 * 2.5 / 3)
    uncategorised = benchmark.benchmark(Scores(9, None, 10.0), population)
    assert uncategorised.category is None and uncategorised.overall.percentile == 0.0


# Heatmap ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("met", "applicable", "level"),
    [
        (0, 5, 0),
        (1, 5, 1),
        (19, 100, 0),
        (20, 100, 1),
        (2, 5, 2),
        (3, 5, 3),
        (4, 5, 4),
        (5, 5, 4),
        (79, 100, 3),
        (80, 100, 4),
        (1, 3, 1),
        (2, 3, 3),
        (0, 0, None),
    ],
)
def test_heat_levels_band_the_share_exactly(met: int, applicable: int, level: int | None) -> None:
    assert heatmap.heat_level(met, applicable) == level


def test_heatmap_orders_by_the_layout_and_finds_the_weakest() -> None:
    layout = heatmap.Layout(
        [("policy", "Policy", ["forced", "child"]), ("wages", "Wages", ["living", "grievance"])],
        {"forced": "Forced labour", "child": "Child labour", "living": "Living wage"},
    )
    tallies = [
        heatmap.Tally("wages", "living", 4, 1),
        heatmap.Tally("policy", "child", 4, 4),
        heatmap.Tally("policy", "forced", 4, 2),
        heatmap.Tally("wages", "union", 2, 1),  # only in an older version: last in its section
    ]
    found = heatmap.build(4, tallies, layout, weakest=2)
    assert [s.section_id for s in found.sections] == ["policy", "wages"]
    assert [r.question_id for r in found.sections[1].rows] == ["living", "union"]
    policy = found.sections[0]
    assert (policy.met, policy.applicable, policy.share, policy.level) == (6, 8, 75.0, 3)
    # Living wage 25 %, then forced labour and union rights both 50 %: layout order breaks ties.
    assert [r.question_id for r in found.weakest] == ["living", "forced"]
    assert found.sections[1].rows[1].text == "union"


# Comparison ---------------------------------------------------------------------------------


def test_merge_order_keeps_the_newest_order_and_slots_in_older_questions() -> None:
    newest = ["forced", "child", "living", "union", "notes"]
    older = ["forced", "child", "living", "grievance", "notes"]
    assert compare.merge_order([newest, older]) == (
        "forced",
        "child",
        "living",
        "grievance",
        "union",
        "notes",
    )
    assert compare.merge_order([["b", "c"], ["a", "b"]]) == ("a", "b", "c")


@given(st.lists(st.lists(st.sampled_from("abcdefgh"), unique=True), max_size=4))
def test_merge_order_holds_every_item_once_and_keeps_the_first_order(
    sequences: list[list[str]],
) -> None:
    merged = compare.merge_order(sequences)
    assert sorted(merged) == sorted({i for s in sequences for i in s})
    if sequences:
        positions = [merged.index(i) for i in sequences[0]]
        assert positions == sorted(positions)


def _layouts() -> list[Layout]:
    def q(qid: str, section: str, req: bool = True) -> Question:
        return Question(qid, section, qid.replace("_", " "), req)

    sections = [("policy", "Policy"), ("wages", "Wages")]
    return [
        Layout(
            "1.0",
            sections,
            [q("forced", "policy"), q("grievance", "wages"), q("notes", "wages", False)],
        ),
        Layout(
            "1.1",
            sections,
            [q("forced", "policy"), q("union", "wages"), q("notes", "wages", False)],
        ),
    ]


def test_matrix_aligns_versions_by_question_id() -> None:
    columns = [
        Column(1, "Alpha", "1.0", date(2025, 1, 2), "advanced", "A", 100.0, 0, Gaps()),
        Column(2, "Gamma", "1.1", None, "below basic", "C", 75.0, 1, Gaps(critical=1)),
        Column(3, "Nobody"),
    ]
    matrix = compare.build_matrix(
        columns,
        _layouts(),
        {(1, "policy"): 100.0, (2, "policy"): 50.0, (2, "wages"): 100.0},
        {
            (1, "forced"): Outcome(True, True),
            (2, "forced"): Outcome(True, False, True),
            (2, "union"): Outcome(False, None),
        },
        {(1, "forced"): "Yes", (2, "forced"): "No", (1, "notes"): "=HYPERLINK(1)"},
    )
    # 1.0's grievance follows forced there, so it comes right after it.
    assert [r.question.question_id for r in matrix.questions] == [
        "forced",
        "grievance",
        "union",
        "notes",
    ]
    assert [s.scores for s in matrix.sections] == [(100.0, 50.0, None), (None, 100.0, None)]
    cells = {r.question.question_id: r.cells for r in matrix.questions}
    assert cells["forced"] == (
        Cell(State.MET, "Yes"),
        Cell(State.NOT_MET, "No", True),
        Cell(State.NO_RESPONSE),
    )
    assert cells["union"][0].state is State.NOT_IN_VERSION
    assert cells["union"][1].state is State.NOT_APPLICABLE
    assert cells["grievance"][1].state is State.NOT_IN_VERSION
    assert cells["grievance"][0].state is State.UNANSWERED
    assert cells["notes"][0] == Cell(State.ANSWERED, "=HYPERLINK(1)")
    rows = compare.table_rows(matrix, compare.Words())
    assert rows[0] == ["Supplier", "Alpha", "Gamma", "Nobody"]
    assert rows[1] == ["Version", "1.0", "1.1", "–"]
    assert ["Section: Policy", "100 %", "50 %", "–"] in rows
    assert ["forced: forced", "met: Yes", "not met: No (red flag)", "no response"] in rows


# CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1", "'＝1"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_cells_that_could_be_formulas_get_a_quote(value: object, written: str) -> None:
    assert export.safe_cell(value) == written


def test_csv_round_trips_through_a_reader() -> None:
    text = export.to_csv([["Supplier", "=cmd|' /C calc'!A0"], ['a, "b"', "line\nbreak"]])
    assert text.endswith("\r\n")
    assert list(csv.reader(io.StringIO(text))) == [
        ["Supplier", "'=cmd|' /C calc'!A0"],
        ['a, "b"', "line\nbreak"],
    ]
