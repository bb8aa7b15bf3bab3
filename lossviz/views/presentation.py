"""Presentation mode, hidden controls and the tour's slides: how they look, for projecting and embedding.

`?present=1` enlarges type and charts and clears the page's chrome; `?hide=presets,tour`
hides named parts (as TensorFlow Playground's URL flags do for courses; the names are in
lossviz.inputs.link). A tour step (`?step=`) is a slide: SLIDE_CSS lays it out on any screen,
and with `?present=1` PROJECTED_SLIDE_CSS fits it to one projector screen (1280×720 or
1920×1080) with no scrolling, every length in rem so that the whole slide scales with the screen.
The class names `st-key-…` are those Streamlit gives a keyed container (lossviz.ui.slides).
"""

import plotly.graph_objects as go

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

# A slide on any screen: inputs as chips, numbers in their loss's colour, previous/next always in
# the same place (fixed at the bottom right, so a click never has to chase the button).
SLIDE_CSS = """
<style>
  .st-key-lv-clicker { display: none; }
  .st-key-lv-chart .lv-drag-hint, .st-key-lv-chart .lv-drag-table, .st-key-lv-chart .lv-drag-listen { display: none; }  /* step 4: chart only */
  .st-key-lv-chart .lv-drag-name { font-size: 1.2rem; }
  .lv-chips { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; }
  .lv-chip { border: 2px solid rgba(128, 128, 128, 0.45); border-radius: 999px; padding: 0.15rem 0.8rem;
             font-variant-numeric: tabular-nums; white-space: nowrap; }
  .lv-chip b { margin-right: 0.35rem; }
  [class*="st-key-lv-number-sse"] [data-testid="stMetricValue"] { color: #0072B2; }
  [class*="st-key-lv-number-cee"] [data-testid="stMetricValue"],
  [class*="st-key-lv-number-mean"] [data-testid="stMetricValue"] { color: #D55E00; }
  .lv-rows { border-collapse: collapse; font-variant-numeric: tabular-nums; }
  .lv-rows-box { overflow-x: auto; }  /* a phone scrolls the rows sideways, not the page */
  .lv-rows th, .lv-rows td { padding: 0.1rem 0.8rem 0.1rem 0; text-align: left; white-space: nowrap; }
  .lv-rows th { white-space: normal; vertical-align: bottom; }
  .lv-rows td.lv-loss { color: #D55E00; font-weight: 600; }
  .lv-ask { font-size: 1.35em; font-weight: 600; }
  p.lv-join-link { font-size: 1.6rem; font-weight: 700; overflow-wrap: anywhere; }
  .lv-qr img { width: 100%; max-width: 26rem; height: auto; display: block; image-rendering: pixelated; }
  @media (max-width: 640px) { .st-key-lv-slide h2 { font-size: 1.5rem; } }  /* a phone: the question first */
  .st-key-lv-slide p.lv-room-caption { margin: 0; font-size: 1.1rem; opacity: 0.75; }
  .st-key-lv-slide p.lv-room-code { margin: 0 0 0.5rem 0; font-size: 5rem; line-height: 1.1; font-weight: 800; letter-spacing: 0.12em;
                   font-family: "Source Code Pro", ui-monospace, monospace; }
</style>
"""

# A slide projected: the root size follows the screen (20 px at 1280×720, 30 px at 1920×1080, the
# smaller of the two ratios on other screens), the slide's text is 1.2rem and more (≥ 24 px), and the
# chart fills what is left of the height. screen_scale is the same rule for the chart's type.
BASE_W, BASE_H, BASE_PX = 1280, 720, 20  # the smallest projector the slides are laid out for
PROJECTED_SLIDE_CSS = (
    f"<style>\n  html {{ font-size: max({BASE_PX}px, min(calc({BASE_PX}px + (100vh - {BASE_H}px) / {BASE_H // BASE_PX}), "
    f"calc({BASE_PX}px + (100vw - {BASE_W}px) / {BASE_W // BASE_PX}))) !important; }}"
    """
  [data-testid="stMainBlockContainer"] { padding: 4.25rem 2rem 0 2rem; }
  [data-testid="stLayoutWrapper"]:has(> [data-testid="stHorizontalBlock"] > .st-key-present) {
    position: fixed; top: 0.9rem; right: 1.5rem; z-index: 1000000; width: auto; }
  .st-key-lv-slide-top button p { font-size: 0.9rem; }
  .st-key-lv-slide h2 { font-size: 1.6rem; padding: 0 0 0.2rem 0; }
  .st-key-lv-slide p, .st-key-lv-slide li, .lv-chip, .lv-rows, .st-key-lv-slide [data-testid="stMetricLabel"] p {
    font-size: 1.2rem; line-height: 1.35; }
  .st-key-lv-slide [data-testid="stMetricValue"], .st-key-lv-slide [data-testid="stMetricValue"] * {
    font-size: 2.4rem; line-height: 1.2; }
  .st-key-lv-slide .katex { font-size: 1.3rem; }
  .st-key-lv-chart, [data-testid="stLayoutWrapper"]:has(> .st-key-lv-chart) {
    flex: none; height: calc(100vh - 13.75rem); }
  .st-key-lv-chart [data-testid="stElementContainer"] { height: 100%; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-lv-slide-nav) {
    position: fixed; left: 2rem; right: 1.5rem; bottom: 0.75rem; width: auto; z-index: 100; }
  .st-key-lv-slide-nav button p { font-size: 1.1rem; }
  .st-key-lv-slide-nav label p { font-size: 0.9rem; }
  .st-key-lv-slide p.lv-join-link { font-size: 2rem; }
  .lv-qr img { max-width: none; width: auto; height: calc(100vh - 11rem); margin: 0 auto; }
</style>
"""
)

CHART_PX, CHART_TITLE_PX = 20, 24  # a projected chart's text and title at BASE_W × BASE_H


def screen_scale(screen):
    """How much larger than at 1280×720 a slide is drawn on a window of [width, height] CSS px.

    The rule of PROJECTED_SLIDE_CSS's root size: never below 1, else the smaller of the two ratios.
    >>> screen_scale([1280, 720]), screen_scale([1920, 1080]), screen_scale([1920, 800]), screen_scale(None)
    (1.0, 1.5, 1.1111111111111112, 1.0)
    """
    if not screen:
        return 1.0
    width, height = screen
    return max(1.0, min(width / BASE_W, height / BASE_H))


def projected(fig, scale=1.0):
    """A copy of `fig` for a projector: 20 px text and ticks, a 24 px title (times scale), no fixed height.

    The height comes from the page (the chart stretches into the space the slide leaves it).
    >>> f = projected(go.Figure(layout={"height": 380, "title": {"text": "x"}}))
    >>> f.layout.height is None, f.layout.font.size, f.layout.title.font.size
    (True, 20, 24)
    >>> projected(go.Figure(), scale=1.5).layout.xaxis.tickfont.size
    30
    """
    font = {"size": round(CHART_PX * scale)}
    fig = go.Figure(fig)
    fig.update_layout(
        height=None,
        font=font,
        title_font={"size": round(CHART_TITLE_PX * scale)},
        legend_font=font,
        margin={"l": 20, "r": 20, "t": round(64 * scale), "b": 20},
    )
    legend = [t for t in fig.data if t.showlegend is not False and t.name]
    if fig.layout.showlegend is not False and len(legend) > 2:
        # Three long names would wrap above the plot and cover its title: inside, at the top right.
        fig.update_layout(
            legend={
                "orientation": "v",
                "yref": "paper",
                "x": 0.99,
                "xanchor": "right",
                "y": 0.78,
                "yanchor": "top",
                "bgcolor": "rgba(255, 255, 255, 0.85)",
            }
        )
    elif fig.layout.showlegend is not False and len(legend) > 1:
        # Above the plot: below it, the legend would cover the axis title at this size.
        fig.update_layout(
            legend={"orientation": "h", "yref": "paper", "x": 0, "y": 1.0, "yanchor": "bottom"},
            margin_t=round(104 * scale),
        )
    elif any(a.yref == "paper" and (a.y or 0) >= 1 for a in fig.layout.annotations):  # subplot titles
        fig.update_layout(margin_t=round(96 * scale))
    fig.update_xaxes(tickfont=font, title_font=font)
    fig.update_yaxes(tickfont=font, title_font=font)
    fig.update_annotations(font=font)
    return fig
