"""Charts for the HTML run report, drawn as inline SVG (and heatmaps as PNG data URIs), Qt-free.

No plotting library: a report must open anywhere with nothing fetched, and a chart of a few
curves is a few kilobytes of SVG. Every text that comes from data is escaped.
"""

from __future__ import annotations

import base64
import itertools
import math
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np

COLORS = ["#1f77b4", "#e8710a", "#2e9e44", "#d62728", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"]
W, H = 460, 300  # a chart's size in CSS pixels
MARGIN = (54, 16, 28, 44)  # left, right, top, bottom
MAX_POINTS = 1500  # points a line is drawn with: more add bytes, not detail
_CLIP_IDS = itertools.count()  # each chart's clip path needs an id of its own in the page
#: How the charts' classes look; the report's style sheet includes it, a standalone SVG carries it.
CHART_STYLE = """
.chart{max-width:100%;height:auto;background:#fff;
font-family:system-ui,"Segoe UI",Roboto,"Noto Sans",sans-serif}
.chart .title{font-size:13px;font-weight:600;text-anchor:middle;fill:#222}
.chart .tick{font-size:10.5px;fill:#444}
.chart .label{font-size:11.5px;fill:#333}.chart .grid{stroke:#e6e6e6;stroke-width:1}
.chart .frame{fill:none;stroke:#999}.chart .legend{fill:#fff;fill-opacity:.85;stroke:#ccc}
.chart .cell{font-size:12px;font-weight:600}
"""


@dataclass(frozen=True)
class Series:
    """One line (or set of dots) of a chart."""

    name: str
    x: np.ndarray
    y: np.ndarray
    color: str = ""
    width: float = 1.8
    dashed: bool = False
    dots: bool = False


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering ``lo``..``hi`` (1, 2 or 5 times a power of ten apart)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else []
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    return [round(first + i * step, 12) for i in range(int((hi - first) / step + 1e-9) + 1)]


def tick_text(value: float) -> str:
    """'0.25', '1.5k', '2M': short tick labels."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:g}M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:g}k"
    return f"{value:.4g}"


def line_chart(series: Sequence[Series], title: str, x_label: str, y_label: str,
               x_range: tuple[float, float] | None = None, y_range: tuple[float, float] | None = None,
               log_y: bool = False, legend_corner: str = "top-right") -> str:
    """An SVG chart of ``series`` with axes, grid, ticks, a title and a legend."""
    shown = [s for s in series if s.x.size]
    xs = np.concatenate([s.x for s in shown]) if shown else np.zeros(1)
    ys = np.concatenate([s.y for s in shown]) if shown else np.zeros(1)
    finite = np.isfinite(ys) & (ys > 0 if log_y else True)
    ys_t = np.log10(ys[finite]) if log_y else ys[finite]
    x0, x1 = x_range or (float(np.nanmin(xs)), float(np.nanmax(xs)))
    y0, y1 = y_range or ((float(ys_t.min()), float(ys_t.max())) if ys_t.size else (0.0, 1.0))
    if x1 <= x0:
        x1 = x0 + 1
    if y1 <= y0:
        y0, y1 = y0 - 0.5, y1 + 0.5
    if y_range is None:
        pad = (y1 - y0) * 0.05
        y0, y1 = y0 - pad, y1 + pad
    left, right, top, bottom = MARGIN
    pw, ph = W - left - right, H - top - bottom

    def px(v: np.ndarray | float) -> np.ndarray:
        return left + (np.asarray(v, dtype=np.float64) - x0) / (x1 - x0) * pw

    def py(v: np.ndarray | float) -> np.ndarray:
        values = np.asarray(v, dtype=np.float64)
        if log_y:
            values = np.log10(np.where(values > 0, values, np.nan))
        return top + ph - (values - y0) / (y1 - y0) * ph

    parts = [_open(W, H, title), f'<text x="{W / 2}" y="16" class="title">{escape(title)}</text>']
    for t in nice_ticks(x0, x1):
        x = float(px(t))
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" class="grid"/>'
                     f'<text x="{x:.1f}" y="{top + ph + 14}" class="tick" text-anchor="middle">'
                     f"{tick_text(t)}</text>")
    for t in nice_ticks(y0, y1):
        y = top + ph - (t - y0) / (y1 - y0) * ph
        label = tick_text(10 ** t) if log_y else tick_text(t)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 5}" y="{y + 3.5:.1f}" class="tick" text-anchor="end">{label}</text>')
    parts.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" class="frame"/>')
    parts.append(f'<text x="{left + pw / 2}" y="{H - 6}" class="label" text-anchor="middle">'
                 f"{escape(x_label)}</text>")
    parts.append(f'<text transform="translate(13,{top + ph / 2}) rotate(-90)" class="label" '
                 f'text-anchor="middle">{escape(y_label)}</text>')
    clip = f"clip{next(_CLIP_IDS)}"
    parts.append(f'<clipPath id="{clip}"><rect x="{left}" y="{top}" width="{pw}" height="{ph}"/></clipPath>'
                 f'<g clip-path="url(#{clip})">')
    for i, s in enumerate(shown):
        color = s.color or COLORS[i % len(COLORS)]
        thin_x, thin_y = _thin(s.x, s.y)
        sx, sy = px(thin_x), py(thin_y)
        if s.dots:
            parts.extend(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="2.2" fill="{color}" fill-opacity="0.55"/>'
                         for a, b in zip(sx, sy) if math.isfinite(a) and math.isfinite(b))
            continue
        dash = ' stroke-dasharray="5,4"' if s.dashed else ""
        for run in _finite_runs(sx, sy):
            points = " ".join(f"{a:.1f},{b:.1f}" for a, b in run)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                         f'stroke-width="{s.width}"{dash}/>')
    parts.append("</g>")
    parts.append(_legend([s for s in shown if s.name], left, top, pw, ph, legend_corner))
    parts.append("</svg>")
    return "".join(parts)


def matrix_chart(matrix: np.ndarray, classes: Sequence[str], title: str) -> str:
    """A confusion matrix: rows the true class, columns the predicted one, shaded by row share."""
    n = len(classes)
    cell = max(18, min(60, 360 // max(n, 1)))
    left, top = 110, 40
    width, height = max(left + n * cell + 16, 340), top + n * cell + 70
    rows = matrix.sum(axis=1, keepdims=True)
    share = np.divide(matrix, rows, out=np.zeros(matrix.shape, dtype=np.float64), where=rows > 0)
    parts = [_open(width, height, title),
             f'<text x="{width / 2}" y="16" class="title">{escape(title)}</text>']
    for i in range(n):
        for j in range(n):
            s = float(share[i, j])
            fill = _blend("#ffffff", "#1f77b4", s)
            parts.append(f'<rect x="{left + j * cell}" y="{top + i * cell}" width="{cell}" height="{cell}" '
                         f'fill="{fill}" stroke="#ffffff"><title>{escape(str(classes[i]))} → '
                         f'{escape(str(classes[j]))}: {int(matrix[i, j]):,}</title></rect>')
            if n <= 12:
                color = "#ffffff" if s > 0.5 else "#333333"
                parts.append(f'<text x="{left + (j + 0.5) * cell}" y="{top + (i + 0.5) * cell + 4}" '
                             f'class="cell" fill="{color}" text-anchor="middle">{int(matrix[i, j]):,}</text>')
        parts.append(f'<text x="{left - 6}" y="{top + (i + 0.5) * cell + 4}" class="tick" '
                     f'text-anchor="end">{escape(_short(classes[i]))}</text>')
        at = f"{left + (i + 0.5) * cell},{top + n * cell + 8}"
        parts.append(f'<text transform="translate({at}) rotate(35)" class="tick">'
                     f"{escape(_short(classes[i]))}</text>")
    parts.append(f'<text x="{left + n * cell / 2}" y="{height - 4}" class="label" text-anchor="middle">'
                 "predicted class</text>")
    parts.append(f'<text transform="translate(12,{top + n * cell / 2}) rotate(-90)" class="label" '
                 'text-anchor="middle">true class</text></svg>')
    return "".join(parts)


def standalone(svg: str) -> str:
    """A chart made here as an SVG file of its own: its namespace and style sheet added."""
    head, rest = svg.split(">", 1)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{head} xmlns="http://www.w3.org/2000/svg">'
            f"<style>{CHART_STYLE}</style><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>{rest}\n")


def heatmap_png(weights: np.ndarray, scale: int = 1) -> str:
    """A (rows, cols) matrix of weights in 0..1 as a PNG data URI, white to dark blue."""
    w = np.clip(np.nan_to_num(np.asarray(weights, dtype=np.float64)), 0.0, 1.0)
    # Square root: attention weights crowd near 0, where a linear scale shows nothing.
    t = np.sqrt(w)[..., None]
    rgb = (255 * (1 - t) + np.array([8.0, 48.0, 107.0]) * t).round().astype(np.uint8)
    if scale > 1:
        rgb = rgb.repeat(scale, axis=0).repeat(scale, axis=1)
    return "data:image/png;base64," + base64.b64encode(png_bytes(rgb)).decode("ascii")


def png_bytes(rgb: np.ndarray) -> bytes:
    """An (h, w, 3) uint8 image as PNG bytes (zlib only)."""
    h, w = rgb.shape[:2]
    raw = b"".join(b"\x00" + rgb[r].tobytes() for r in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


# ----------------------------------------------------------------- internals
def _open(width: int, height: int, title: str) -> str:
    # Inline in HTML: no namespace needed, and no address in the file that could look like a fetch.
    return (f'<svg viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape(title)}" class="chart">')


def _legend(series: Sequence[Series], left: float, top: float, pw: float, ph: float, corner: str) -> str:
    if not series:
        return ""
    rows = series[:10]
    width = min(pw - 8, 12 + 6.2 * max(len(s.name) for s in rows) + 26)
    height = 8 + 15 * len(rows)
    x = left + pw - width - 6 if corner.endswith("right") else left + 6
    y = top + 6 if corner.startswith("top") else top + ph - height - 6
    parts = [f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height}" class="legend"/>']
    for i, s in enumerate(rows):
        color = s.color or COLORS[series.index(s) % len(COLORS)]
        ly = y + 12 + 15 * i
        dash = ' stroke-dasharray="5,4"' if s.dashed else ""
        parts.append(f'<line x1="{x + 6:.1f}" y1="{ly - 3.5:.1f}" x2="{x + 26:.1f}" y2="{ly - 3.5:.1f}" '
                     f'stroke="{color}" stroke-width="{max(s.width, 2)}"{dash}/>'
                     f'<text x="{x + 31:.1f}" y="{ly:.1f}" class="tick">{escape(s.name)}</text>')
    return "".join(parts)


def _thin(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most ``MAX_POINTS`` points, evenly picked (first and last kept)."""
    if x.size <= MAX_POINTS:
        return x, y
    index = np.unique(np.linspace(0, x.size - 1, MAX_POINTS).round().astype(np.int64))
    return x[index], y[index]


def _finite_runs(sx: np.ndarray, sy: np.ndarray) -> list[list[tuple[float, float]]]:
    runs: list[list[tuple[float, float]]] = [[]]
    for a, b in zip(sx.tolist(), sy.tolist()):
        if math.isfinite(a) and math.isfinite(b):
            runs[-1].append((a, b))
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if len(r) > 1]


def _blend(low: str, high: str, share: float) -> str:
    a = [int(low[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(p + (q - p) * share):02x}" for p, q in zip(a, b))


def _short(name: str, limit: int = 16) -> str:
    name = " ".join(str(name).split())
    return name if len(name) <= limit else name[: limit - 1] + "…"
