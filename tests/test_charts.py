"""Server-side SVG charts: titled, labelled, escaped."""

from xml.etree import ElementTree

from registry.charts import DumbbellRow, bar_chart, dumbbell_chart, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


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
