"""Server-side SVG charts: titled, labelled, escaped, and drawn for any finite values."""

import math
import sys
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry import workflow
from registry.charts import (
    DumbbellRow,
    bar_chart,
    benchmark_charts,
    claim_chart_rows,
    dumbbell_chart,
    nice_ticks,
)
from tests.factories import BenchmarkFactory, ClaimFactory, evidence_rows, make_published

SVG = "{http://www.w3.org/2000/svg}"
GEOMETRY = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r"}


def test_it_draws_a_bar_chart_with_title_and_axis_labels():
    svg = bar_chart(title="Entries per month", bars=[("Jan 2025", 3), ("Feb 2025", 0)], x_label="Month",
                    y_label="Entries")
    root = ElementTree.fromstring(str(svg))
    assert root.find(f"{SVG}title").text == "Entries per month"
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "axis-label"]
    assert labels == ["Month", "Entries"]
    assert len(root.findall(f"{SVG}rect")) == 2


def test_it_escapes_every_text_it_places():
    evil = '</title><script>alert(1)</script>&"'
    for svg in [
        bar_chart(title=evil, bars=[(evil, 1)], x_label=evil, y_label=evil),
        dumbbell_chart(title=evil, rows=[DumbbellRow(label=evil, reported=1.0, observed=[(evil, 2.0)])], x_label=evil),
    ]:
        assert "<script>" not in svg
        ElementTree.fromstring(str(svg))  # still well-formed XML


def test_it_draws_reported_and_observed_values_per_claim():
    svg = dumbbell_chart(title="T", x_label="F1", rows=[
        DumbbellRow(label="Claim A", reported=80.0, observed=[("NR-000001", 36.0), ("NR-000002", 7.0)]),
        DumbbellRow(label="Claim B", reported=None, observed=[("NR-000003", 50.0)]),
    ])
    root = ElementTree.fromstring(str(svg))
    assert len(root.findall(f"{SVG}circle")) == 3 + 1  # three observations and the legend
    assert "Claim A: reported 80, observed 36, 7" in root.find(f"{SVG}desc").text


def test_it_picks_round_ticks():
    assert nice_ticks(0, 10, 5) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(5, 5)[0] <= 5 <= nice_ticks(5, 5)[-1]


# --------------------------------------------------------------------------- any finite value

EXTREMES = [0.0, -0.0, 5e-324, -5e-324, 5e-323, 1e-310, sys.float_info.min, 1e-5, 1.0, -1.0, 8e307, -8e307,
            sys.float_info.max, -sys.float_info.max]
finite = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(EXTREMES))
# Random lists, one repeated value (ties, a single point, all equal), and lists of extremes only.
value_lists = st.one_of(
    st.lists(finite, max_size=6),
    finite.flatmap(lambda v: st.lists(st.just(v), min_size=1, max_size=4)),
    st.lists(st.sampled_from(EXTREMES), min_size=1, max_size=6),
)
optional_finite = st.one_of(st.none(), finite)


def assert_well_drawn(svg):
    """A string of well-formed SVG whose geometry is finite numbers, with no 'nan' or 'inf' anywhere."""
    assert isinstance(svg, str)
    text = str(svg).lower()
    assert "nan" not in text and "inf" not in text, text
    root = ElementTree.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in GEOMETRY:
                assert math.isfinite(float(value)), (name, value)
    return root


@settings(max_examples=300, deadline=None, database=None)
@given(low=finite, high=finite, count=st.integers(min_value=-1, max_value=12))
def test_ticks_are_finite_and_ascending_for_any_finite_bounds(low, high, count):
    ticks = nice_ticks(low, high, count)

    assert ticks and all(math.isfinite(t) for t in ticks)
    assert ticks == sorted(ticks)
    if max(abs(low), abs(high)) <= 1e307:
        assert ticks[0] <= min(low, high) and max(low, high) <= ticks[-1]


@settings(max_examples=200, deadline=None, database=None)
@given(values=value_lists, big_count=st.integers(min_value=0, max_value=10**400))
def test_a_bar_chart_draws_any_finite_values(values, big_count):
    bars = [(f"bar {i}", value) for i, value in enumerate(values)] + [("a huge count", big_count)]

    root = assert_well_drawn(bar_chart(title="Values", bars=bars, x_label="Label", y_label="Value"))

    assert len(root.findall(f"{SVG}rect")) == len(bars)


@settings(max_examples=300, deadline=None, database=None)
@given(rows=st.lists(st.tuples(optional_finite, value_lists), max_size=5))
def test_a_dumbbell_chart_draws_any_finite_values(rows):
    chart_rows = [DumbbellRow(label=f"claim {i}", reported=reported,
                              observed=[(f"NR-{i:03d}{j:03d}", v) for j, v in enumerate(observed)])
                  for i, (reported, observed) in enumerate(rows)]

    root = assert_well_drawn(dumbbell_chart(title="Claims", rows=chart_rows, x_label="metric"))

    drawn = sum(len(row.observed) for row in chart_rows)
    assert len(root.findall(f"{SVG}circle")) == drawn + 1  # and the legend's


@settings(max_examples=150, deadline=None, database=None)
@given(claims=st.lists(st.tuples(st.sampled_from(["F1", "accuracy"]), optional_finite,
                                 st.lists(optional_finite, max_size=3)), max_size=5))
def test_benchmark_charts_draw_any_finite_values(claims):
    objects, evidence = [], {}
    for pk, (metric, reported, observed) in enumerate(claims, start=1):
        objects.append(SimpleNamespace(pk=pk, metric=metric, reported_value=reported, model_name=f"model {pk}",
                                       paper=SimpleNamespace(title=f"paper {pk}")))
        evidence[pk] = [SimpleNamespace(entry=SimpleNamespace(accession=f"NR-{pk}{i}"), observed_value=value)
                        for i, value in enumerate(observed)]

    rows = claim_chart_rows(objects, evidence)
    charts = benchmark_charts(SimpleNamespace(name="Bench"), objects, evidence)

    assert len(charts) == len(rows) <= 2
    for svg in charts:
        assert_well_drawn(svg)


@settings(max_examples=150, deadline=None, database=None)
@given(label=st.text(), value=finite)
def test_any_text_stays_well_formed_xml(label, value):
    for svg in [
        bar_chart(title=label, bars=[(label, value)], x_label=label, y_label=label, description=label),
        dumbbell_chart(title=label, rows=[DumbbellRow(label=label, reported=value, observed=[(label, value)])],
                       x_label=label),
    ]:
        ElementTree.fromstring(str(svg))


def test_values_that_are_not_finite_are_left_out_and_said_so():
    svg = dumbbell_chart(title="T", x_label="m", rows=[
        DumbbellRow(label="claim", reported=float("nan"), observed=[("NR-1", float("inf")), ("NR-2", 3.0)]),
    ])

    root = ElementTree.fromstring(str(svg))
    assert len(root.findall(f"{SVG}circle")) == 1 + 1
    assert "reported not a finite number, observed not a finite number, 3" in root.find(f"{SVG}desc").text


def test_it_labels_ticks_no_float_can_hold():
    svg = dumbbell_chart(title="T", x_label="m", rows=[
        DumbbellRow(label="claim", reported=sys.float_info.max, observed=[("NR-1", -sys.float_info.max)]),
    ])

    labels = [t.text for t in ElementTree.fromstring(str(svg)).iter(f"{SVG}text")]
    assert "2e+308" in labels and "-2e+308" in labels


# --------------------------------------------------------------------------- on the pages


@pytest.fixture
def extreme_values(owner, moderator):
    """Published entries against claims with values at the edges of what a float holds."""
    tiny = ClaimFactory(reported_value=5e-323)
    huge = BenchmarkFactory(name="Huge values", slug="huge-values")
    plus = ClaimFactory(benchmark=huge, reported_value=8e307)
    minus = ClaimFactory(benchmark=huge, reported_value=-8e307)
    zero = ClaimFactory(reported_value=0.0)
    negative_zero = ClaimFactory(reported_value=-0.0)
    for claim, observed in [(tiny, 5e-323), (plus, -8e307), (minus, 8e307), (zero, 5e-323),
                            (negative_zero, -sys.float_info.max)]:
        rows = evidence_rows(claim)
        rows[0]["observed_value"] = observed
        make_published(owner, moderator, evidence=rows)
    return {"tiny": tiny, "plus": plus, "minus": minus, "zero": zero, "negative_zero": negative_zero}


def test_benchmark_and_claim_pages_draw_extreme_values(client, extreme_values):
    for claim in extreme_values.values():
        claim.refresh_from_db()
        for url in (f"/benchmarks/{claim.benchmark.slug}/", f"/claims/{claim.pk}/"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"<svg" in response.content, url


def test_a_claim_whose_values_change_after_publication_still_draws(client, moderator, extreme_values):
    claim = extreme_values["zero"]
    workflow.catalogue_update(obj=claim, by=moderator, fields={"reported_value": -5e-324},
                              reason="The paper's table rounds to zero.")

    assert client.get(f"/claims/{claim.pk}/").status_code == 200
