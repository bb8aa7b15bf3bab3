"""Presentation mode and hidden controls, for projecting and embedding the explorer.

`?present=1` enlarges type and charts and clears the page's chrome; `?hide=presets,tour`
hides named parts (as TensorFlow Playground's URL flags do for courses). Unknown names are
ignored with a notice instead of failing, so an old link still opens.
"""

from lossviz.words.i18n import msg

HIDEABLE = {  # name -> what it hides (for the README and tests; the names are the interface)
    "presets": "the example buttons",
    "tour": "the guided tour",
    "inputs": "the t and y boxes",
    "reading": "the one-sentence reading",
    "formulas": "the substituted formulas",
    "table": "the per-class table",
    "charts": "the chart tabs",
    "export": "the take-it-home panel",
}
CHART_SCALE = 1.35  # charts are this much taller when presenting
PRESENTATION_CSS = """
<style>
  html { font-size: 20px !important; }
  [data-testid="stToolbarActions"], [data-testid="stMainMenu"], [data-testid="stSidebar"],
  [data-testid="stDecoration"] { display: none; }
  [data-testid="stMainBlockContainer"] { padding-top: 4rem; max-width: 100%; }  /* just below the page links */
  .katex { font-size: 1.35em; }
</style>
"""


def parse_hide(text):
    """(sorted names to hide, notice Message or None) from a comma-separated ?hide= value.

    >>> parse_hide("presets, tour")
    (('presets', 'tour'), None)
    >>> str(parse_hide("presets,bogus")[1])
    "Ignored unknown names in hide: 'bogus'. Known: charts, export, formulas, inputs, presets, reading, table, tour."
    """
    names = {n.strip().lower() for n in (text or "").split(",") if n.strip()}
    unknown = sorted(names - HIDEABLE.keys())
    notice = None
    if unknown:
        notice = msg(
            "presentation.unknown_hide",
            unknown=", ".join(repr(n) for n in unknown),
            known=", ".join(sorted(HIDEABLE)),
        )
    return tuple(sorted(names & HIDEABLE.keys())), notice
