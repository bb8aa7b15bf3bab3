"""Drag the prediction and watch both losses move: a Streamlit v2 component.

The reader drags p, the probability of the correct class, along the −log chart (the other
classes keep their shares), or for K = 3 drags y anywhere in the probability triangle. The
browser recomputes both losses every frame (preview.js, tested against the core); on release,
or after the last arrow key, it commits the new y to Python, which redraws everything else.

How the files reach the browser. A rerun sends the markup, the three-line entry.js (lossviz/ui/web/) and the
data (~4 kB in all); drag.js, preview.js, drag.css and plotly.js (4.8 MB, from the `plotly`
package) are files served by Streamlit's component route (declared with
st.components.v1.declare_component, so nothing needs `pip install -e .`). The browser imports
them once per page; plotly.js is also kept in Cache Storage (https, localhost) across visits.
"""

import re
from pathlib import Path

import numpy as np
import streamlit as st

import lossviz as lv
from lossviz.charts.style import CEE_COLOR, MARK_COLOR, SSE_COLOR
from lossviz.ui import web
from lossviz.ui.caching import per_input
from lossviz.words.i18n import LANGUAGES

ASSETS = Path(__file__).parent / "assets"  # the browser's files, all that the component route serves
P_MIN = 1e-3  # the smallest p the point can be dragged to: −log(p + δ) ≈ 6.9 there
MAX_CLASSES = 20  # rows of the terms table

# Every word the component shows or reads out; the caller supplies them in its language.
# Templates fill {p}, {sse}, {cee}, {y} (the numbers) and {k} (a class number, counting from 0 as lossviz does everywhere).
LABEL_KEYS = (
    "sse",  # the squared-error number's name
    "cee",  # the cross-entropy number's name
    "p",  # the name of p, the correct class's probability
    "title_curve",
    "title_simplex",
    "axis_p",
    "axis_loss",
    "curve_sse",  # legend: squared error along the drag path
    "curve_cee",  # legend: −log(p + δ)
    "class_name",  # "class {k}"
    "correct_class",  # "class {k} (correct)", the triangle's corner of the target
    "col_class",
    "col_t",
    "col_y",
    "col_sse_term",
    "col_cee_term",
    "col_sse_slope",  # ∂E/∂y_k of the squared error, y − t
    "col_cee_slope",  # ∂E/∂y_k of the cross-entropy, −t/(y + δ)
    "hint",
    "listen",  # the audio trace's button
    "listening",  # read out when it plays: what is heard
    "table",  # accessible name of the per-class table's region (it scrolls sideways on a phone)
    "slider",  # accessible name of the point on the −log chart
    "simplex_slider",  # accessible name of the point in the triangle
    "simplex_role",  # aria-roledescription of the triangle's point
    "valuetext",  # aria-valuetext: {p}, {sse}, {cee}
    "simplex_valuetext",  # {y}, {sse}, {cee}
    "live",  # read out after each commit and key step: {sse}, {cee}
    "loading",
    "failed",  # {error}
)


# The URLs carry the files' content hash, so a new deployment is never served from a stale cache.
_OWN_VERSION = web.version(*(ASSETS / name for name in ("drag.js", "preview.js", "drag.css")))

_mount = st.components.v2.component(
    "lossviz.drag",
    html=re.sub(r">\s+<", "><", (ASSETS / "drag.html").read_text(encoding="utf-8")),  # sent every rerun
    js=web.ENTRY_JS,
    isolate_styles=False,  # plotly.js styles its charts from document.head
)


def _asset_urls():
    """This component's module and stylesheet, plotly.js and its loader: page-relative URLs."""
    own = web.served("drag", ASSETS)
    return {
        "module": f"{own}drag.js?v={_OWN_VERSION}",
        "css": f"{own}drag.css?v={_OWN_VERSION}",
        **web.shared_urls(),
    }


def _correct_class(t, k):
    """The correct class of a one-hot t of length k, or of an integer label."""
    if isinstance(t, (int, np.integer)) and not isinstance(t, bool):
        if not 0 <= t < k:
            raise ValueError(f"t = {t} is no class of y's {k} classes (0 … {k - 1})")
        return int(t)
    t = np.asarray(t, dtype=float)
    if t.shape != (k,) or np.count_nonzero(t == 1) != 1 or np.count_nonzero(t) != 1:
        raise ValueError(f"t must be one-hot with y's {k} classes or a class index; got {t.tolist()}")
    return int(np.argmax(t))


def _checked_y(y):
    y = np.asarray(y, dtype=float)
    if y.ndim != 1 or not 2 <= y.size <= MAX_CLASSES:
        raise ValueError(f"y must be one prediction of 2 to {MAX_CLASSES} classes; got shape {y.shape}")
    if not np.all(np.isfinite(y)) or np.any(y < 0) or np.any(y > 1):
        raise ValueError(f"y must be probabilities in [0, 1]; got {y.tolist()}")
    return y


def reader_labels():
    """Every word of LABEL_KEYS in the reader's language, unfilled (lossviz/words/strings/drag.toml)."""
    from lossviz.ui.i18n import lang

    return labels_in(lang())


@per_input(len(LANGUAGES))
def labels_in(words):
    """Every word of LABEL_KEYS in language `words`, unfilled; built once per language (read-only:
    prediction_drag copies what it sends)."""
    from lossviz.words.i18n import strings

    return {name: strings()["drag." + name][words] for name in LABEL_KEYS}


def prediction_drag(
    y, t, *, labels, key, simplex=None, table=True, slopes=False, on_commit=None, text_px=None, height_px=None
):
    """Draw the drag component for one prediction y and target t; return the y committed now.

    y: (K,) probabilities, 2 ≤ K ≤ MAX_CLASSES; t: one-hot (K,) or the correct class's index.
    labels: {key: text} for every key of LABEL_KEYS, in the reader's language.
    key: the component's Streamlit key.
    simplex: also draw the probability triangle (K = 3 only); default: whenever K = 3.
    table: show the live table of every class's t, y and both terms, as bars on one scale.
    slopes: give that table both slopes ∂E/∂y_k too, y − t and −t/(y + δ).
    text_px, height_px: the charts' text size and height in pixels (a projected slide's are larger);
        None keeps the page's (12 px text, the stylesheet's height).
    on_commit: called with the committed y (a list of K floats) before the script reruns, as
        a widget callback is; the place to store y where the page's inputs read it.
    Returns the committed y (list of floats) in the run that a release or key step caused,
    else None. The component shows the data's y again on every rerun that changes it.
    """
    y = _checked_y(y)
    c = _correct_class(t, y.size)
    missing = [name for name in LABEL_KEYS if name not in labels]
    if missing:
        raise ValueError(f"labels lacks {', '.join(missing)}")
    data = {
        "y": y.tolist(),
        "t": np.eye(y.size)[c].tolist(),
        "delta": lv.DELTA,
        "p_min": P_MIN,
        "simplex": bool(y.size == 3 if simplex is None else simplex and y.size == 3),
        "table": bool(table),
        "slopes": bool(slopes),
        "labels": {name: labels[name] for name in LABEL_KEYS},
        "colors": {"sse": SSE_COLOR, "cee": CEE_COLOR, "mark": MARK_COLOR},
        "assets": _asset_urls(),
        "text_px": text_px,
        "height_px": height_px,
    }

    def committed():
        on_commit(st.session_state[key]["commit"])

    result = _mount(
        key=key, data=web.payload(data), on_commit_change=committed if on_commit else lambda: None
    )
    return result.get("commit")
