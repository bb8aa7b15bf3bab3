"""The batch page's "Real digits" source: the training page's network on the test digits.

The network is the cross-entropy run of /train at its default settings, trained once per process
and shared with that page (lossviz.ui.train.race); its batch is built once for every session.
"""

import streamlit as st

from lossviz.charts import train as train_charts
from lossviz.inputs.link import PARAM
from lossviz.ui import train as train_page
from lossviz.ui.caching import per_input
from lossviz.ui.i18n import lang, tr
from lossviz.views import train as views

SHOWN = 6  # pictures of the worst digits


def _defaults():
    return tuple(PARAM[name].default for name in views.CONTROLS)


@per_input(1)
def _batch():
    """The BatchResult of the default race's cross-entropy network on the test digits."""
    return views.digits_batch(train_page.race(*_defaults()))


@per_input(1)
def _worst():
    return views.worst_digits(train_page.race(*_defaults()), views.BATCH_LOSS, SHOWN)


def digits_ui():
    """The source's caption, a link to /train and the worst digits' pictures; returns (key, BatchResult)."""
    controls = _defaults()
    finish = views.finishes(train_page.race(*controls))[views.BATCH_LOSS]
    st.caption(tr("train.batch.caption", epochs=controls[3], acc=views.percent(finish.test_accuracy)))
    st.page_link(
        st.Page(train_page.main, url_path="train"),
        label=tr("train.batch.link"),
        icon=":material/model_training:",
    )
    with st.container(horizontal=True, gap="small"):
        for w in _worst():
            st.image(
                train_charts.digit_picture(w.pixels),
                caption=views.worst_caption(w, lang()),
                width=110,
                alt=tr("train.worst.alt", t=w.label),
            )
    return ("digits",), _batch()
