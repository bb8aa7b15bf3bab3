"""The lab's logits view: drag z, not y, and see softmax, both losses and both ∂E/∂z move together."""

import streamlit as st

from lossviz.ui.i18n import lang, tr
from lossviz.ui.logits_drag import LABEL_KEYS, logits_drag
from lossviz.views.logits import start
from lossviz.words.i18n import strings


def logits_view_ui(r):
    """The section for the lab's analysis r (None when its input has an error: the example)."""
    st.header(tr("logits.header"), anchor=False)
    z, t, from_lab = start(r.scaled if r is not None else None, r.t if r is not None else None)
    st.caption(tr("logits.caption_lab" if from_lab else "logits.caption_example"))
    words = lang()
    # unfilled: the browser fills {k}, {z}, {y}, {sq} and {ce} on every move
    labels = {name: strings()[f"logits.{name}"][words] for name in LABEL_KEYS}
    logits_drag(z, t, labels=labels, key="lab-logits")
    st.caption(tr("logits.bound"))
