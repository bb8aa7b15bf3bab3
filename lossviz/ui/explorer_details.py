"""Below the explorer's first screen: the reading, both formulas with the user's numbers and, where
the drag chart cannot show it live (lossviz.ui.drag), the per-class table whose bars share one scale.

Widgets and layout only: every number and formula comes from lossviz (comparison, formatting).
"""

import pyarrow as pa
import streamlit as st

from lossviz.ui.caching import per_input
from lossviz.ui.explorer_charts import CACHE_ENTRIES, compare
from lossviz.ui.formulas import formula_panels, panel
from lossviz.ui.i18n import lang, tr
from lossviz.views.comparison import bar_scales, breakdown_table, formulas_latex, reading
from lossviz.words.formatting import format_loss, format_precise
from lossviz.words.i18n import text


def formula_panels_ui(c, *, number=True, formulas=True):
    """Both losses side by side: name, value (exact to 10 digits on hover) and the formula with the
    numbers, one element (lossviz.ui.formulas). number: show the values (when the first screen
    does not); formulas: show the formulas (with the library's variant under its note)."""
    words = lang()

    def shown(value):
        return {"value": format_loss(value), "precise": f"= {format_precise(value)}"} if number else {}

    latex = formulas_latex(c, words) if formulas else None
    sse = {"latex": latex["sse"], "extra_latex": latex["mse"]} if latex else {}
    cee = {"latex": latex["cee"], "extra_latex": latex["cee_shortcut"]} if latex else {}
    formula_panels(
        [
            panel(tr("explorer.sse.title"), note=tr("explorer.sse.mean_note"), **shown(c.sse), **sse),
            panel(tr("explorer.cee.title"), note=tr("explorer.cee.shortcut_note"), **shown(c.cee), **cee),
        ],
        key="formulas",
        failed=tr("explorer.formulas.failed"),
    )


def details_ui(c, t_text, y_text, hidden=(), *, numbers=True, table=True):
    """The reading, both losses with their substituted formulas side by side, and the per-class table
    (minus the hidden parts) of c = compare(t_text, y_text). numbers, table: show each loss's value
    and the per-class table here (when the first screen's drag component does not, live)."""
    if "reading" not in hidden:
        st.info(reading(c, lang()), icon=":material/lightbulb:")
    shown = {"number": numbers, "formulas": "formulas" not in hidden}
    if any(shown.values()):
        formula_panels_ui(c, **shown)
    if table and "table" not in hidden:
        table_ui(t_text, y_text)


@per_input(CACHE_ENTRIES)
def _table(t_text, y_text, language):
    """The per-class table of two input texts as (Arrow table, column config), built once per input
    and language and shared by every session (a first page, a preset: the same for everyone).
    Built from lists on every run, the Arrow table was a tenth of a first page's script time
    (py-spy); st.dataframe sends an Arrow table as it is and copies the column config it is given."""
    table = breakdown_table(compare(t_text, y_text), language)
    names = list(table)
    correct = names[1]
    config = {
        correct: st.column_config.CheckboxColumn(correct, help=text("explorer.table.correct_help", language)),
        **{name: st.column_config.NumberColumn(format="%.6g") for name in names[2:]},
        # Each loss's terms as bars in the table, both against the largest term of either loss.
        **{
            name: st.column_config.ProgressColumn(
                name, format="%.6g", min_value=0.0, max_value=top, width="medium"
            )
            for name, top in bar_scales(table).items()
        },
    }
    return pa.table(table), config


def table_ui(t_text, y_text):
    """Every class's t, y, both loss terms (as bars on one scale) and both slopes."""
    table, config = _table(t_text, y_text, lang())
    st.dataframe(table, hide_index=True, column_config=config, alt=tr("explorer.table.alt"))
