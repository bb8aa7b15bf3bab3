"""Below the explorer's first screen: the reading, both formulas with the user's numbers, and the
per-class table whose bars share one scale.

Widgets and layout only: every number and formula comes from lossviz (comparison, formatting).
"""

import pyarrow as pa
import streamlit as st

from lossviz.ui.i18n import lang, tr
from lossviz.ui.markdown import escape_markdown
from lossviz.views.comparison import bar_scales, breakdown_table
from lossviz.words.formatting import (
    cee_latex,
    cee_shortcut_latex,
    format_loss,
    format_precise,
    mse_latex,
    reading,
    sse_latex,
)


def formula_panel(title, value, latex, extra_latex, extra_label, *, number=True, formulas=True):
    """One loss: its name, its value (exact to 10 digits on hover) and the formula with the numbers.

    With the value, the value's label is the panel's title (one element where a heading and a metric
    were two: each costs the server every run, benchmarks/load.py)."""
    if number:
        st.metric(title, format_loss(value), help=f"= {format_precise(value)}")
    else:
        st.subheader(title, anchor=False)
    if not formulas:
        return
    # The formula, and the library's variant under its note, as one Markdown element (KaTeX, as
    # st.latex draws it): each element costs the server every rerun (benchmarks/load.py).
    parts = [f"$$\n{latex}\n$$"]
    if extra_latex:
        parts += [f":small[:gray[{escape_markdown(extra_label)}]]", f"$$\n{extra_latex}\n$$"]
    st.markdown("\n\n".join(parts))


def details_ui(c, hidden=(), *, numbers=True):
    """The reading, both losses with their substituted formulas side by side, and the per-class table
    (minus the hidden parts). numbers: show each loss's value here (when the first screen does not)."""
    if "reading" not in hidden:
        st.info(reading(c, lang()), icon=":material/lightbulb:")
    shown = {"number": numbers, "formulas": "formulas" not in hidden}
    if any(shown.values()):
        col_sse, col_cee = st.columns(2, gap="large")
        with col_sse:
            formula_panel(
                tr("explorer.sse.title"),
                c.sse,
                sse_latex(c, lang()),
                mse_latex(c),
                tr("explorer.sse.mean_note"),
                **shown,
            )
        with col_cee:
            formula_panel(
                tr("explorer.cee.title"),
                c.cee,
                cee_latex(c, lang()),
                cee_shortcut_latex(c),
                tr("explorer.cee.shortcut_note"),
                **shown,
            )
    if "table" not in hidden:
        table_ui(c)


def table_ui(c):
    """Every class's t, y, both loss terms (as bars on one scale) and both slopes."""
    table = breakdown_table(c, lang())
    names = list(table)
    correct = names[1]
    st.dataframe(
        # As Arrow columns: st.dataframe sends them as they are (from pandas it converts each rerun).
        pa.table(table),
        hide_index=True,
        column_config={
            correct: st.column_config.CheckboxColumn(correct, help=tr("explorer.table.correct_help")),
            **{name: st.column_config.NumberColumn(format="%.6g") for name in names[2:]},
            # Each loss's terms as bars in the table, both against the largest term of either loss.
            **{
                name: st.column_config.ProgressColumn(
                    name, format="%.6g", min_value=0.0, max_value=top, width="medium"
                )
                for name, top in bar_scales(table).items()
            },
        },
        alt=tr("explorer.table.alt"),
    )
