"""A chart in words and as a table: the text alternative a screen reader reaches, and its data.

Both are read from the figure's JSON text (lossviz.charts.style.figure_json), so every chart drawn by
lossviz.ui.figure gets them alike: what each trace plots over which range, where the reader's
point is, and the traces' numbers as one long table (series, x, y and z for a map).
"""

import base64
import json

import numpy as np

from lossviz.charts import curves, surfaces
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import text

USER_TRACES = (curves.USER_TRACE, surfaces.USER_TRACE)
POINT_MAX = 3  # a marker trace of at most this many points is a point to name, not a curve


def _array(value):
    """A trace's x, y or z as float64: a list, or plotly.py's typed-array spec {"dtype", "bdata",
    "shape"} (base64 of the raw array), which plotly.py writes and does not read back."""
    if isinstance(value, dict) and "bdata" in value:
        raw = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        return raw.astype(np.float64).reshape([int(n) for n in str(shape).split(",")] if shape else -1)
    return np.asarray(value, dtype=object)


def _title(layout, axis):
    title = (layout.get(axis) or {}).get("title") or {}
    return title.get("text", "") if isinstance(title, dict) else str(title)


def _number(v):
    """A value as the page writes numbers (4 decimals, powers of ten when tiny; a class or a count
    as a whole number); text stays text."""
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e6 and v != 0 else format_loss(v)


def traces(figure_json):
    """The figure's named traces as dicts: name, kind (point, line, bars, map, histogram), x, y, z
    (arrays or None) and the titles of their x and y axes. Unnamed traces (an outline) are left out."""
    spec = json.loads(figure_json)
    layout = spec["layout"]
    # A contour on a carpet takes its plane coordinates from the carpet it names.
    carpets = {t.get("carpet"): t for t in spec["data"] if t.get("type") == "carpet"}
    found = []
    for trace in spec["data"]:
        name = trace.get("name")
        if not name:
            continue
        place = carpets.get(trace.get("carpet"), trace) if trace.get("type") == "contourcarpet" else trace
        x, y = (_array(place[k]) if k in place else None for k in ("x", "y"))
        z = _array(trace["z"]) if "z" in trace else None
        kind = {
            "bar": "bars",
            "heatmap": "map",
            "contour": "map",
            "contourcarpet": "map",
            "histogram": "histogram",
        }.get(trace.get("type", "scatter"), "line")
        if kind == "line" and y is not None and len(y) <= POINT_MAX and "markers" in trace.get("mode", ""):
            kind = "point"
        axes = trace.get("xaxis", "x").replace("x", "xaxis"), trace.get("yaxis", "y").replace("y", "yaxis")
        found.append(
            {
                "name": name,
                "kind": kind,
                "x": x,
                "y": y,
                "z": z,
                "x_title": _title(layout, axes[0]),
                "y_title": _title(layout, axes[1]),
            }
        )
    return found


def _finite(a):
    a = np.asarray(a, dtype=np.float64).ravel()
    return a[np.isfinite(a)]


def _curve_under(point, found):
    """The name of the line closest to a point of the reader's at its x (linear interpolation
    between the line's points), if it passes within 1 % of the point's y; else None."""
    x, y = float(point["x"][0]), float(point["y"][0])
    gaps = {}
    for t in found:
        if t["kind"] == "line" and (t["x_title"], t["y_title"]) == (point["x_title"], point["y_title"]):
            xs, ys = np.asarray(t["x"], dtype=np.float64), np.asarray(t["y"], dtype=np.float64)
            order = np.argsort(xs)
            if xs.min() <= x <= xs.max():
                gaps[t["name"]] = abs(np.interp(x, xs[order], ys[order]) - y)
    name = min(gaps, key=gaps.get, default=None)
    return name if name is not None and gaps[name] <= 0.01 * max(1.0, abs(y)) else None


def _sentence(t, lang, found=()):
    """One trace in words: a line's ranges, a point's place (on which line), the tallest bar, a map's range."""
    name = t["name"]
    if name in USER_TRACES:
        on = _curve_under(t, found) if t["kind"] == "point" else None
        name = (
            text("charts.reading.your_point_on", lang, curve=on)
            if on
            else text("charts.reading.your_point", lang)
        )
    words = {"name": name, "x_title": t["x_title"] or "x", "y_title": t["y_title"] or "y"}
    if t["kind"] == "map":
        z = _finite(t["z"])
        return text("charts.reading.map", lang, **words, lo=_number(z.min()), hi=_number(z.max()))
    if t["kind"] == "histogram":
        x = _finite(t["x"])
        return text(
            "charts.reading.histogram", lang, **words, n=x.size, lo=_number(x.min()), hi=_number(x.max())
        )
    if t["kind"] == "bars":
        y = np.asarray(t["y"], dtype=np.float64)
        top = int(np.nanargmax(y))
        return text("charts.reading.bars", lang, **words, n=y.size, x=_number(t["x"][top]), y=_number(y[top]))
    if t["kind"] == "point":
        return text("charts.reading.point", lang, **words, x=_number(t["x"][0]), y=_number(t["y"][0]))
    x, y = _finite(t["x"]), _finite(t["y"])
    return text(
        "charts.reading.line",
        lang,
        **words,
        x0=_number(x.min()),
        x1=_number(x.max()),
        y0=_number(y.min()),
        y1=_number(y.max()),
    )


def summary(figure_json, lang="en"):
    """The chart in a few sentences: its title, then each named trace (the reader's point last).

    >>> from lossviz.charts.style import figure_json
    >>> spec = {"data": [{"type": "scatter", "name": "−log p", "x": [0.5, 1.0], "y": [0.6931, 0.0]},
    ...                  {"type": "scatter", "mode": "markers", "name": "your p", "x": [0.5], "y": [0.6931]}],
    ...         "layout": {"title": {"text": "The −log curve"}, "xaxis": {"title": {"text": "p"}}}}
    >>> print(summary(figure_json(spec)))
    The −log curve. −log p: p from 0.5000 to 1, y from 0.0000 to 0.6931. Your point on −log p: p = 0.5000, y = 0.6931.
    """
    spec = json.loads(figure_json)
    title = (spec["layout"].get("title") or {}).get("text", "")
    found = traces(figure_json)
    found.sort(key=lambda t: t["name"] in USER_TRACES)
    return " ".join([f"{title}." if title else "", *(_sentence(t, lang, found) + "." for t in found)]).strip()


def data_table(figure_json, lang="en"):
    """Every named trace's numbers as one long table {column name in lang: list}: series, x, y (and
    z when there is a map), a row per point (a map: per finite cell); numbers as floats.

    >>> from lossviz.charts.style import figure_json
    >>> spec = {"data": [{"type": "bar", "name": "½(y−t)²", "x": [0, 1], "y": [0.005, 0.45]}], "layout": {}}
    >>> data_table(figure_json(spec))
    {'series': ['½(y−t)²', '½(y−t)²'], 'x': [0.0, 1.0], 'y': [0.005, 0.45]}
    """
    rows = {"series": [], "x": [], "y": [], "z": []}
    for t in traces(figure_json):
        name = text("charts.reading.your_point", lang) if t["name"] in USER_TRACES else t["name"]
        if t["kind"] == "map":
            z = np.asarray(t["z"], dtype=np.float64)
            ys, xs = np.meshgrid(np.arange(z.shape[0]), np.arange(z.shape[1]), indexing="ij")
            x_values = np.asarray(t["x"], dtype=object) if t["x"] is not None else np.arange(z.shape[1])
            y_values = np.asarray(t["y"], dtype=object) if t["y"] is not None else np.arange(z.shape[0])
            keep = np.isfinite(z)
            rows["x"] += [_cell(x_values, xs, keep)]
            rows["y"] += [_cell(y_values, ys, keep)]
            rows["z"] += [z[keep].tolist()]
            rows["series"] += [[name] * int(keep.sum())]
            continue
        x = list(t["x"]) if t["x"] is not None else list(range(len(t["y"])))
        y = list(t["y"]) if t["y"] is not None else [None] * len(x)
        rows["series"] += [[name] * len(x)]
        rows["x"] += [x]
        rows["y"] += [y]
        rows["z"] += [[None] * len(x)]
    columns = {k: [v for part in parts for v in part] for k, parts in rows.items()}
    if not any(v is not None for v in columns["z"]):
        del columns["z"]
    names = {k: text(f"charts.reading.column.{k}", lang) for k in columns}
    return {names[k]: values if k == "series" else _column(values) for k, values in columns.items()}


def _cell(values, index, keep):
    """The axis value of each kept map cell: a 2-D axis (a triangle's) by cell, a 1-D one by the
    cell's column or row (index)."""
    values = np.asarray(values)
    return (values[keep] if values.ndim == 2 else values[index[keep]]).tolist()


def _column(values):
    """A column as floats (None as NaN) where every value is a number, else as text."""
    try:
        return np.asarray([np.nan if v is None else v for v in values], dtype=np.float64).tolist()
    except (TypeError, ValueError):
        return ["" if v is None else str(v) for v in values]
