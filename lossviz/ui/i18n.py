"""The reader's language: chosen by ?lang=, the switch, or the browser's locale; every string through tr().

The strings themselves live in lossviz/strings (see lossviz.words.i18n); this module only knows which
language the session reads and keeps ?lang= in step with it.
"""

import streamlit as st

from lossviz.words.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    language_from_locale,
    parse_language,
    render,
    text,
)


def lang():
    """The session's language code, "en" or "zh"."""
    return st.session_state.get("lang", "en")


def tr(key, **params):
    """The string `key` of lossviz/strings in the session's language."""
    return text(key, lang(), **params)


def say(value):
    """A Message (or an InputError) in the session's language; a plain string unchanged."""
    return value.text(lang()) if hasattr(value, "text") else render(value, lang())


def init_language():
    """Decide the session's language once: ?lang= if it names one, else the browser's locale."""
    if "lang" not in st.session_state:
        chosen = parse_language(st.query_params.get("lang"))
        st.session_state.lang = chosen or language_from_locale(st.context.locale)
    return st.session_state.lang


def _on_language_changed():
    """Keep ?lang= in the URL (choices keep their option: the link holds keys, not labels)."""
    st.query_params["lang"] = st.session_state.lang


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
