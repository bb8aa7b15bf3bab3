"""Presentation mode and hidden controls, for projecting and embedding the explorer.

`?present=1` enlarges type and charts and clears the page's chrome; `?hide=presets,tour`
hides named parts (as TensorFlow Playground's URL flags do for courses; the names are in
lossviz.inputs.link).
"""

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
