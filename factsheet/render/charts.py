"""Small inline SVG charts drawn by factsheet itself: no network, no images, greyscale-safe.

Every label is escaped: chart text can come from articles (country names).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

FONT = "DejaVu Sans, Liberation Sans, sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as printed beside the bar


def bar_chart(title: str, bars: list[Bar], *, width: int = 480, bar_height: int = 10) -> str:
    """A horizontal bar chart as an SVG string (empty string when there is nothing to draw)."""
    if not bars:
        return ""
    label_width = 150
    value_width = 70
    plot = width - label_width - value_width
    top = 16
    height = top + len(bars) * (bar_height + 4) + 2
    peak = max(b.value for b in bars) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="12" font-family="{FONT}" font-size="9" font-weight="bold" fill="#111">'
        f"{escape(title)}</text>",
    ]
    for i, bar in enumerate(bars):
        y = top + i * (bar_height + 4)
        length = max(1.0, plot * bar.value / peak)
        shade = "#333" if i == 0 else "#888"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 3}" text-anchor="end" '
            f'font-family="{FONT}" font-size="8" fill="#111">{escape(bar.label[:28])}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{shade}" stroke="#111" stroke-width="0.4"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height - 3}" '
            f'font-family="{FONT}" font-size="8" fill="#111">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Point:
    label: str  # the day, as printed under the axis
    value: float
    text: str  # the value as printed beside the point


def line_chart(title: str, points: list[Point], *, width: int = 250, height: int = 110) -> str:
    """A line over time as an SVG string: one point per day, each labelled (empty under two points)."""
    if len(points) < 2:
        return ""
    left, right, top, bottom = 10, 10, 22, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    low, high = min(p.value for p in points), max(p.value for p in points)
    span = (high - low) or 1.0
    step = plot_w / (len(points) - 1)
    xy = [(left + i * step, top + plot_h - (p.value - low) / span * plot_h) for i, p in enumerate(points)]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="10" font-family="{FONT}" font-size="8" font-weight="bold" fill="#111">'
        f"{escape(title[:60])}</text>",
        '<polyline fill="none" stroke="#222" stroke-width="1.2" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        + '"/>',
    ]
    for (x, y), point in zip(xy, points, strict=True):
        anchor = "start" if x < left + 1 else ("end" if x > width - right - 1 else "middle")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#111"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{max(y - 4, 18):.1f}" text-anchor="{anchor}" font-family="{FONT}" '
            f'font-size="7" fill="#111">{escape(point.text)}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="{anchor}" font-family="{FONT}" '
            f'font-size="6.5" fill="#444">{escape(point.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
