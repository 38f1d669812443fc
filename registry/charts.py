"""Charts as SVG drawn on the server: readable without JavaScript, with a title, a description and axis labels.

Every text placed in the SVG goes through ``_text``; the functions return markup safe to include. Geometry is
computed exactly (``Decimal``), so any finite values can be drawn: denormals, values near the largest float,
ranges wider than a float can hold, ties and a single point. Values that are not finite are left out and said so.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_FONT = 'font-family="system-ui, sans-serif" font-size="12"'
# Ids tie each chart's <title> and <desc> to it; they only need to differ between charts on one page.
_chart_ids = itertools.count(1)
# Characters XML 1.0 does not allow in a document, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NICE = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
# Enough digits that a tick step is exact next to any two floats it separates (a float has 17).
_PRECISION = 60
MAX_TICKS = 50


def _id(prefix: str) -> str:
    return f"{prefix}-{next(_chart_ids)}"


def _text(text) -> str:
    """Text as XML character data: escaped, without the characters XML cannot carry."""
    return escape(_NOT_XML.sub("\ufffd", str(text)))


def _fmt_number(value) -> str:
    """A value as a label, to four significant digits; exact for numbers no float holds (2e+308, 1e-323)."""
    number = value if isinstance(value, Decimal) else _number(value)
    if number is None:
        return "not a finite number" if value is not None else "none"
    if not number:
        return "0"
    as_float = float(number)
    if math.isfinite(as_float) and abs(as_float) >= 1e-300:
        return f"{as_float:.4g}"
    return format(number.normalize(), ".4g")


def _number(value) -> Decimal | None:
    """A finite int or float as an exact Decimal; None for anything else (None, NaN, infinities)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    try:
        value = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return Decimal(value) if math.isfinite(value) else None


def _truncate(text: str, length: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _ticks(low: Decimal, high: Decimal, count: int) -> list[Decimal]:
    """Round tick values covering [low, high] exactly, at least two of them."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        if high < low:
            low, high = high, low
        if high == low:
            delta = abs(low) / 10 if low else Decimal(1)
            low, high = low - delta, high + delta
        raw = (high - low) / max(count, 1)
        magnitude = Decimal(1).scaleb(raw.adjusted())
        step = next(m * magnitude for m in _NICE if m * magnitude >= raw)
        start = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
        steps = int(((high - start) / step).to_integral_value(rounding=ROUND_CEILING))
        # The quotients above are rounded (to _PRECISION digits); ticks are short decimals, so these checks
        # are exact and settle a bound that sits a hair beyond a tick (-1 to 2.6e-278).
        if start > low:
            start -= step
            steps += 1
        while start + steps * step < high and steps < MAX_TICKS - 1:
            steps += 1
        steps = min(max(steps, 1), MAX_TICKS - 1)
        # Zero is drawn as 0, never as -0.
        return [(start + i * step) + 0 for i in range(steps + 1)]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (those a float can hold)."""
    if _number(low) is None or _number(high) is None:
        return [0.0]
    ticks = [float(t) for t in _ticks(Decimal(low), Decimal(high), count)]
    return [t for t in ticks if math.isfinite(t)] or [0.0]


class _Scale:
    """Maps values in [low, high] (exact) onto pixels [start, start + length]."""

    def __init__(self, low: Decimal, high: Decimal, start: float, length: float):
        self.low, self.span, self.start, self.length = low, high - low, start, length

    def __call__(self, value) -> float:
        with localcontext() as ctx:
            ctx.prec = _PRECISION
            share = float((Decimal(value) - self.low) / self.span) if self.span else 0.0
        return self.start + self.length * min(max(share, 0.0), 1.0)


def bar_chart(*, title: str, bars: list[tuple[str, float]], x_label: str, y_label: str,
              description: str = "", width: int = 640) -> SafeString:
    """Vertical bars, one per (label, value); labels along the x axis. Negative values draw as empty bars."""
    chart_id = _id("bar")
    height, left, right, top, bottom = 330, 56, 16, 36, 120
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [max(_number(v) or Decimal(0), Decimal(0)) for _, v in bars]
    ticks = _ticks(Decimal(0), max(values, default=Decimal(0)) or Decimal(1), 4)
    height_of = _Scale(Decimal(0), ticks[-1], 0.0, plot_h)
    parts = [_svg_open(chart_id, width, height, title, description or _describe_bars(bars))]
    parts += _axes(left, top, plot_w, plot_h, x_label, y_label)
    for tick in ticks:
        y = top + plot_h - height_of(tick)
        parts.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" class="grid" '
                     f'stroke="#e3e6ea"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {_FONT}>'
                     f'{_text(_fmt_number(tick))}</text>')
    slot = plot_w / max(len(bars), 1)
    bar_w = max(min(slot * 0.7, 48), 2)
    for index, ((label, raw), value) in enumerate(zip(bars, values, strict=True)):
        x = left + slot * index + (slot - bar_w) / 2
        h = height_of(value)
        parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                     f'fill="#8a1c1c"><title>{_text(label)}: {_text(_fmt_number(raw))}</title></rect>')
        cx, cy = x + bar_w / 2, top + plot_h + 12
        parts.append(f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="end" transform="rotate(-40 {cx:.1f} {cy:.1f})" '
                     f'{_FONT}>{_text(_truncate(label, 20))}</text>')
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
    """Horizontal rows, one per claim: the reported value (a square) joined to each observed value (circles).

    A value that is not a finite number has no place on the axis: it is left out of the drawing and the
    description says so.
    """
    chart_id = _id("claims")
    left, right, top, bottom, row_h = 230, 24, 40, 56, 30
    height = top + bottom + row_h * max(len(rows), 1)
    plot_w, plot_h = width - left - right, row_h * max(len(rows), 1)
    drawn = [(_number(row.reported), [(accession, _number(value)) for accession, value in row.observed])
             for row in rows]
    values = [value for reported, observed in drawn for value in [reported, *(v for _, v in observed)]
              if value is not None]
    low, high = (min(values), max(values)) if values else (Decimal(0), Decimal(1))
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        pad = (high - low) * Decimal("0.08") or abs(high) / 10 or Decimal(1)
        ticks = _ticks(low - pad, high + pad, 5)
    x_of = _Scale(ticks[0], ticks[-1], left, plot_w)

    parts = [_svg_open(chart_id, width, height, title, description or _describe_rows(rows))]
    parts += _axes(left, top, plot_w, plot_h, x_label, "")
    for tick in ticks:
        x = x_of(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h + 4}" stroke="#e3e6ea"/>')
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" {_FONT}>'
                     f'{_text(_fmt_number(tick))}</text>')
    for index, (row, (reported, observed)) in enumerate(zip(rows, drawn, strict=True)):
        y = top + row_h * index + row_h / 2
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" {_FONT}>'
                     f"<title>{_text(row.label)}</title>{_text(_truncate(row.label, 30))}</text>")
        observed = [(accession, value) for accession, value in observed if value is not None]
        if reported is not None:
            rx = x_of(reported)
            for _, value in observed:
                parts.append(f'<line x1="{rx:.1f}" y1="{y:.1f}" x2="{x_of(value):.1f}" y2="{y:.1f}" '
                             f'stroke="#9aa4ae" stroke-width="2"/>')
            parts.append(f'<rect x="{rx - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#1f4e8c">'
                         f'<title>Reported: {_text(_fmt_number(reported))}</title></rect>')
        for accession, value in observed:
            parts.append(f'<circle cx="{x_of(value):.1f}" cy="{y:.1f}" r="5" fill="#8a1c1c">'
                         f'<title>{_text(accession)} observed: {_text(_fmt_number(value))}</title></circle>')
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
        f'<title id="{chart_id}-t">{_text(title)}</title><desc id="{chart_id}-d">{_text(description)}</desc>'
    )


def _axes(left, top, plot_w, plot_h, x_label, y_label) -> list[str]:
    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#5b6670"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#5b6670"/>',
    ]
    if x_label:
        y = top + plot_h + (40 if not y_label else 114)
        parts.append(f'<text class="axis-label" x="{left + plot_w / 2:.1f}" y="{y}" text-anchor="middle" '
                     f'{_FONT} font-weight="600">{_text(x_label)}</text>')
    if y_label:
        cy = top + plot_h / 2
        parts.append(f'<text class="axis-label" x="14" y="{cy:.1f}" text-anchor="middle" '
                     f'transform="rotate(-90 14 {cy:.1f})" {_FONT} font-weight="600">{_text(y_label)}</text>')
    return parts


def _describe_bars(bars) -> str:
    return "; ".join(f"{label}: {_fmt_number(value)}" for label, value in bars) or "No data."


def _describe_rows(rows) -> str:
    parts = []
    for row in rows:
        observed = ", ".join(_fmt_number(v) for _, v in row.observed) or "none"
        reported = "not given" if row.reported is None else _fmt_number(row.reported)
        parts.append(f"{row.label}: reported {reported}, observed {observed}")
    return "; ".join(parts) or "No data."
