"""Both losses' formula panels as one Streamlit v2 component: title, value and LaTeX drawn by KaTeX.

Each panel is one loss: its name, its value (exact to 10 digits on hover) and its formula with the
reader's numbers, with the library's variant under a note. Drawn with st.columns, st.metric and
st.markdown, the two panels were seven elements, and Streamlit's Markdown pipeline rebuilt KaTeX's
HTML as React elements on every edit (~50 ms of an edit's ~185 ms in the browser,
benchmarks/browser_latency.py). Here they are one element, and formulas.js calls KaTeX directly,
only for a formula that changed.

KaTeX (vendored in assets/katex, nothing from a CDN: see katex/README.md) and this component's
files are in assets/, which Streamlit's component route serves whole (it holds browser files
only), fetched once per page; a rerun sends only the data.
Widgets and layout only: every number and formula comes from lossviz (words.formatting).
"""

from pathlib import Path

import streamlit as st

from lossviz.ui import web

ASSETS = Path(__file__).parent / "assets"
KATEX_VERSION = "0.16.47"  # lossviz/ui/formulas/katex/README.md

_OWN_VERSION = web.version(ASSETS / "formulas.js", ASSETS / "formulas.css")

_mount = st.components.v2.component(
    "lossviz.formulas",
    html='<div class="lv-formulas" data-state="loading"></div>',
    js=web.ENTRY_JS,
    isolate_styles=False,  # KaTeX's fonts are declared in the document's stylesheets
)


def _asset_urls():
    """This component's module and stylesheet, KaTeX's script and stylesheet: page-relative URLs."""
    own = web.served("formulas", ASSETS)
    return {
        "module": f"{own}formulas.js?v={_OWN_VERSION}",
        "css": f"{own}formulas.css?v={_OWN_VERSION}",
        "katex": f"{own}katex/katex.min.js?v={KATEX_VERSION}",
        "katex_css": f"{own}katex/katex.min.css?v={KATEX_VERSION}",
    }


def panel(title, *, value=None, precise=None, latex=None, note=None, extra_latex=None):
    """One loss's panel, as formula_panels draws it.

    title: the loss's name (the value's label, or the panel's heading without a value);
    value: the value as shown (e.g. "0.7775"), None for no value; precise: the text on hover
        (e.g. "= 2.995730274", 10 significant digits);
    latex: the formula (display-mode LaTeX), None for no formula; note and extra_latex: a small
        note and a second formula under it (both or neither).
    """
    return {
        "title": title,
        "value": value,
        "precise": precise,
        "latex": latex,
        "note": note if latex and extra_latex else None,
        "extra_latex": extra_latex if latex else None,
    }


def formula_panels(panels, *, key, failed):
    """Draw the panels side by side (stacked on a phone) as one element under a stable key.

    panels: a list of panel(...) dicts; failed: the message shown in place of the formulas when
    KaTeX cannot be loaded (the titles and values are shown all the same).
    """
    data = {"panels": list(panels), "failed": failed, "assets": _asset_urls()}
    _mount(key=key, data=web.payload(data))
