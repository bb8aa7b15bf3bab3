"""Drag the logits z and watch softmax, both losses and both ∂E/∂z move: a Streamlit v2 component.

Each logit is a range input; the browser recomputes y = softmax(z), ½ Σ (y − t)², −Σ t log(y + δ)
and ∂E/∂z of both losses on every move (logits_math.js, compared with the core by
tests/test_logits_view.py). Nothing is sent back, so dragging causes no rerun; a rerun that brings
other z or t starts the view again from them. logits.js, logits_math.js and logits.css are served
by Streamlit's component route (lossviz.ui.web.served).
"""

import re
from pathlib import Path

import streamlit as st

import lossviz as lv
from lossviz.charts.style import CEE_COLOR, SSE_COLOR
from lossviz.ui import web

ASSETS = Path(__file__).parent / "assets"  # the browser's files, all that the component route serves
Z_RANGE = (-10.0, 10.0)  # each logit's slider
Z_STEP = 0.1
MAX_CLASSES = 10
Y_COLOR = "#009E73"  # bluish green (Okabe–Ito): the probabilities, neither loss's colour
LABEL_KEYS = (
    "sse",
    "cee",
    "col_class",
    "col_z",
    "col_y",
    "col_sq",
    "col_ce",
    "hint",
    "true_class",  # "{k} (true)"
    "slider",  # accessible name of logit k's slider: {k}
    "valuetext",  # {z}, {y}, {sq}, {ce}
)

_OWN_VERSION = web.version(*(ASSETS / name for name in ("logits.js", "logits_math.js", "logits.css")))

_mount = st.components.v2.component(
    "lossviz.logits_drag",
    html=re.sub(r">\s+<", "><", (ASSETS / "logits.html").read_text(encoding="utf-8")),
    js=web.ENTRY_JS,
    isolate_styles=False,  # logits.css is linked into the page, like the other components' styles
)


def logits_drag(z, t, *, labels, key):
    """Draw the view for logits z and target distribution t, each (K,), 2 ≤ K ≤ MAX_CLASSES, every
    z within Z_RANGE (checked by the caller). labels: {key: text} for LABEL_KEYS."""
    own = web.served("logits_drag", ASSETS)
    data = {
        "z": [float(v) for v in z],
        "t": [float(v) for v in t],
        "delta": lv.DELTA,
        "z_min": Z_RANGE[0],
        "z_max": Z_RANGE[1],
        "step": Z_STEP,
        "labels": {name: labels[name] for name in LABEL_KEYS},
        "colors": {"y": Y_COLOR, "sq": SSE_COLOR, "ce": CEE_COLOR},
        "assets": {"module": f"{own}logits.js?v={_OWN_VERSION}", "css": f"{own}logits.css?v={_OWN_VERSION}"},
    }
    _mount(key=key, data=web.payload(data))
