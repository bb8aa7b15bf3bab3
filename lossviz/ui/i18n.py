"""The reader's language: chosen by ?lang=, the switch, or the browser's locale; every string through tr().

The strings themselves live in lossviz/strings (see lossviz.words.i18n); this module only knows which
language the session reads and keeps the URL and the bound choice widgets in step with it.
"""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from lossviz.words.i18n import LANGUAGE_NAMES, LANGUAGES, language_from_locale, parse_language, render, text

# Bound widgets whose options are words: their URL value is the label shown, so switching
# language re-selects the same option under its new label. widget key -> (strings prefix, option keys)
BOUND_CHOICES = {
    "view": ("explorer.tab", ("neglog", "surface", "gradients", "bars")),
    "input": ("lab.mode", ("logits", "probabilities")),
    "source": ("batch.source", ("sample", "paste", "upload")),
}


def lang():
    """The session's language code, "en" or "zh"."""
    return st.session_state.get("lang", "en")


def tr(key, **params):
    """The string `key` of lossviz/strings in the session's language."""
    return text(key, lang(), **params)


def say(value):
    """A Message (or an InputError) in the session's language; a plain string unchanged."""
    return value.text(lang()) if hasattr(value, "text") else render(value, lang())


def choices(widget_key):
    """The labels of a bound choice widget's options, in the session's language."""
    prefix, keys = BOUND_CHOICES[widget_key]
    return [tr(f"{prefix}.{k}") for k in keys]


def choice_label(widget_key, option):
    """The label of option `option` (a key such as "surface") of a bound choice widget."""
    prefix, _ = BOUND_CHOICES[widget_key]
    return tr(f"{prefix}.{option}")


def choice_key(widget_key, label):
    """The option key behind `label` (in any language) of a bound choice widget, or None."""
    prefix, keys = BOUND_CHOICES[widget_key]
    for k in keys:
        if label in (text(f"{prefix}.{k}", code) for code in LANGUAGES):
            return k
    return None


def init_language():
    """Decide the session's language once: ?lang= if it names one, else the browser's locale."""
    if "lang" not in st.session_state:
        chosen = parse_language(st.query_params.get("lang"))
        st.session_state.lang = chosen or language_from_locale(st.context.locale)
    _adopt_linked_choices()
    return st.session_state.lang


def _adopt_linked_choices():
    """Open the option a link names in the other language (?view=Loss%20surface on a Chinese page).

    A bound widget accepts only the labels it is drawn with, and seeds itself from the link as it
    stood when the run began: so, before the widget first exists, the other language's label is
    rewritten in the link as this language's and the page runs again (the link stays shareable).
    """
    rewritten = False
    for widget_key in BOUND_CHOICES:
        linked = st.query_params.get(widget_key, "")
        option = choice_key(widget_key, linked)
        if widget_key not in st.session_state and option and choice_label(widget_key, option) != linked:
            try:
                st.query_params[widget_key] = choice_label(widget_key, option)
                rewritten = True
            except StreamlitAPIException:  # already bound in this session: set the widget instead
                st.session_state[widget_key] = choice_label(widget_key, option)
    if rewritten:
        st.rerun()


def _on_language_changed():
    """Keep ?lang= in the URL and every bound choice on the same option under its new label."""
    st.query_params["lang"] = st.session_state.lang
    for widget_key in BOUND_CHOICES:
        current = st.session_state.get(widget_key)
        option = choice_key(widget_key, current) if isinstance(current, str) else None
        if option is not None:
            st.session_state[widget_key] = choice_label(widget_key, option)


def language_ui():
    """The English / 中文 switch (each name in its own language)."""
    st.segmented_control(
        tr("lang.label"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        key="lang",
        on_change=_on_language_changed,
        required=True,
        label_visibility="collapsed",
        help=tr("lang.help"),
    )
