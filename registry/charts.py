"""Charts as SVG drawn on the server: readable without JavaScript, with a title, a description and axis labels.

Every text placed in the SVG goes through ``escape``; the functions return markup safe to include.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_FONT = 'font-family="system-ui, sans-serif" font-size="12"'
# Ids tie each chart's <title> and <desc> to it; they only need to differ between charts on one page.
_chart_ids = itertools.count(1)


def _id(prefix: str) -> str:
    return f"{prefix}-{next(_chart_ids)}"


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def _truncate(text: str, length: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0]
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 1e-9 and len(ticks) < 50:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def bar_chart(*, title: str, bars: list[tuple[str, float]], x_label: str, y_label: str,
              description: str = "", width: int = 640) -> SafeString:
    """Vertical bars, one per (label, value); labels along the x axis."""
    chart_id = _id("bar")
    height, left, right, top, bottom = 330, 56, 16, 36, 120
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [max(float(v), 0.0) for _, v in bars]
    ticks = nice_ticks(0, max(values, default=0) or 1, 4)
    top_value = ticks[-1] or 1
    parts = [_svg_open(chart_id, width, height, title, description or _describe_bars(bars))]
    parts += _axes(left, top, plot_w, plot_h, x_label, y_label)
    for tick in ticks:
        y = top + plot_h - plot_h * tick / top_value
        parts.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" class="grid" '
                     f'stroke="#e3e6ea"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {_FONT}>{escape(_fmt(tick))}</text>')
    slot = plot_w / max(len(bars), 1)
    bar_w = max(min(slot * 0.7, 48), 2)
    for index, ((label, _), value) in enumerate(zip(bars, values, strict=True)):
        x = left + slot * index + (slot - bar_w) / 2
        h = plot_h * value / top_value
        parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                     f'fill="#8a1c1c"><title>{escape(label)}: {escape(_fmt(value))}</title></rect>')
        cx, cy = x + bar_w / 2, top + plot_h + 12
        parts.append(f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="end" transform="rotate(-40 {cx:.1f} {cy:.1f})" '
                     f'{_FONT}>{escape(_truncate(label, 20))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass
class DumbbellRow:
    """One claim: its reported value and the values entries observed against it."""

    label: str
    reported: float | None
    observed: list[tuple[str, float]] = field(default_factory=list)  # (entry accession, value)


def dumbbell_chart(*, title: str, rows: list[DumbbellRow], x_label: str, description: str = "",
                   width: int = 720) -> SafeString:
    """Horizontal rows, one per claim: the reported value (a square) joined to each observed value (circles)."""
    chart_id = _id("claims")
    left, right, top, bottom, row_h = 230, 24, 40, 56, 30
    height = top + bottom + row_h * max(len(rows), 1)
    plot_w, plot_h = width - left - right, row_h * max(len(rows), 1)
    values = [value for row in rows for _, value in row.observed]
    values += [row.reported for row in rows if row.reported is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1
    ticks = nice_ticks(low - pad, high + pad, 5)
    lo, hi = ticks[0], ticks[-1] if ticks[-1] > ticks[0] else ticks[0] + 1

    def x_of(value):
        return left + plot_w * (value - lo) / (hi - lo)

    parts = [_svg_open(chart_id, width, height, title, description or _describe_rows(rows))]
    parts += _axes(left, top, plot_w, plot_h, x_label, "")
    for tick in ticks:
        x = x_of(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h + 4}" stroke="#e3e6ea"/>')
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" {_FONT}>'
                     f'{escape(_fmt(tick))}</text>')
    for index, row in enumerate(rows):
        y = top + row_h * index + row_h / 2
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" {_FONT}>'
                     f"<title>{escape(row.label)}</title>{escape(_truncate(row.label, 30))}</text>")
        if row.reported is not None:
            for _, value in row.observed:
                parts.append(f'<line x1="{x_of(row.reported):.1f}" y1="{y:.1f}" x2="{x_of(value):.1f}" y2="{y:.1f}" '
                             f'stroke="#9aa4ae" stroke-width="2"/>')
            rx = x_of(row.reported)
            parts.append(f'<rect x="{rx - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#1f4e8c">'
                         f'<title>Reported: {escape(_fmt(row.reported))}</title></rect>')
        for accession, value in row.observed:
            parts.append(f'<circle cx="{x_of(value):.1f}" cy="{y:.1f}" r="5" fill="#8a1c1c">'
                         f'<title>{escape(accession)} observed: {escape(_fmt(value))}</title></circle>')
    legend_y = 20
    parts.append(f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" fill="#1f4e8c"/>'
                 f'<text x="{left + 14}" y="{legend_y}" {_FONT}>reported by the paper</text>'
                 f'<circle cx="{left + 170}" cy="{legend_y - 4}" r="5" fill="#8a1c1c"/>'
                 f'<text x="{left + 180}" y="{legend_y}" {_FONT}>observed by an entry</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


# --------------------------------------------------------------------------- claims on a benchmark


def claim_chart_rows(claims, evidence_by_claim) -> dict[str, list[DumbbellRow]]:
    """Chart rows grouped by metric (values of different metrics do not share an axis)."""
    by_metric: dict[str, list[DumbbellRow]] = {}
    for claim in claims:
        observed = [(row.entry.accession, row.observed_value) for row in evidence_by_claim.get(claim.pk, [])
                    if row.observed_value is not None]
        if claim.reported_value is None and not observed:
            continue
        label = claim.paper.title if not claim.model_name else f"{claim.model_name} ({claim.paper.title})"
        by_metric.setdefault(claim.metric, []).append(
            DumbbellRow(label=label, reported=claim.reported_value, observed=observed)
        )
    return by_metric


def benchmark_charts(benchmark, claims, evidence_by_claim) -> list:
    result = []
    for metric, rows in claim_chart_rows(claims, evidence_by_claim).items():
        result.append(dumbbell_chart(
            title=f"{benchmark.name}: {metric}, reported vs observed",
            rows=rows, x_label=metric,
        ))
    return result


def _svg_open(chart_id: str, width: int, height: int, title: str, description: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
    )


def _axes(left, top, plot_w, plot_h, x_label, y_label) -> list[str]:
    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#5b6670"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#5b6670"/>',
    ]
    if x_label:
        y = top + plot_h + (40 if not y_label else 114)
        parts.append(f'<text class="axis-label" x="{left + plot_w / 2:.1f}" y="{y}" text-anchor="middle" '
                     f'{_FONT} font-weight="600">{escape(x_label)}</text>')
    if y_label:
        cy = top + plot_h / 2
        parts.append(f'<text class="axis-label" x="14" y="{cy:.1f}" text-anchor="middle" '
                     f'transform="rotate(-90 14 {cy:.1f})" {_FONT} font-weight="600">{escape(y_label)}</text>')
    return parts


def _describe_bars(bars) -> str:
    return "; ".join(f"{label}: {_fmt(value)}" for label, value in bars) or "No data."


def _describe_rows(rows) -> str:
    parts = []
    for row in rows:
        observed = ", ".join(_fmt(v) for _, v in row.observed) or "none"
        reported = "not given" if row.reported is None else _fmt(row.reported)
        parts.append(f"{row.label}: reported {reported}, observed {observed}")
    return "; ".join(parts) or "No data."
