"""The link on a page: checked once, before any widget reads it, through the table in lossviz.inputs.link.

Numbers, switches, texts and classes of y are bound with Streamlit's own `bind="query-params"`, their
key, default and bounds taken from the table (`bound`). Choices are kept in the link as language-neutral keys
(`view=surface`): their widgets show labels through `format_func` and write the key back (`choice`).
"""

import streamlit as st

from lossviz.inputs.link import MAX_TEXT, PARAM, read_link, write_value
from lossviz.ui.i18n import lang, tr
from lossviz.ui.markdown import escape_markdown
from lossviz.words.i18n import text

_NOTICE = "_link_ignored"
_BOUND_BOOL = {True: "true", False: "false"}  # how a bound st.toggle writes itself into the link
_OWN_BOOLS = {"present", "ask"}  # switches that read and write ?name=1 themselves


def open_link(page):
    """This page's link values (those no widget has taken over yet), checked; an unusable value is
    dropped with a one-line notice.

    A bound widget seeds itself from the link as it stood when the run began, so a value it
    cannot take is removed from the link and the page runs once more without it.
    """
    # Only what no widget holds yet: a link as it was opened (or stepped back to). Once a widget is
    # drawn, it owns its parameter (a bound widget's may not even be deleted here).
    query = {name: raw for name, raw in st.query_params.to_dict().items() if name not in st.session_state}
    values, ignored = read_link(query, page)
    for item in ignored:
        del st.query_params[item.name]
    # Streamlit's bound switches read only true/false: ?log=1 is rewritten as ?log=true.
    respelled = {
        name: _BOUND_BOOL[value]
        for name, value in values.items()
        if PARAM[name].kind == "bool" and name not in _OWN_BOOLS and query[name] != _BOUND_BOOL[value]
    }
    # A number between its slider's steps (?acc=0.333) is read onto the grid, as the slider would
    # put it; the link is rewritten so that the slider, which seeds itself from it, agrees.
    snapped = [
        name
        for name, value in values.items()
        if PARAM[name].kind in ("int", "float") and float(query[name]) != value
    ]
    for name in snapped:
        _write(name, values[name])  # onto the default: left out of the link
    st.query_params.update(respelled)
    if ignored or respelled or snapped:
        st.session_state[_NOTICE] = ignored
        st.rerun()
    for name, value in values.items():  # a choice named by its label is rewritten as its key
        if PARAM[name].kind == "choice" and st.query_params.get(name) != write_value(PARAM[name], value):
            _write(name, value)
    for p in PARAM.values():
        if p.kind == "choice" and page in p.pages and p.name != "lang" and p.name not in st.session_state:
            st.session_state[p.name] = values.get(p.name, p.default)
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        ignored_ui(notice)
    return values


def ignored_ui(ignored):
    """One line saying which link values were not used ([Ignored]), and what each should have been."""
    items = "; ".join(tr("link.item", name=i.name, value=i.shown, expected=i.expected) for i in ignored)
    st.caption(escape_markdown(tr("link.ignored", items=items)))


def bound(name, **narrowed):
    """Keyword arguments of the widget bound to ?name=: key, default and bounds from the table.

    narrowed: what this run's data changes (a slider that ends at the steps taken: max_value=,
    value=; a class box over y's classes: options=, index=); a "class" parameter takes its options
    only from here.
    """
    p = PARAM[name]
    args = {"key": name, "bind": "query-params"}
    if p.kind in ("int", "float"):
        args.update(min_value=p.lo, max_value=p.hi, value=p.default, step=p.step)
    elif p.kind == "bool":
        args["value"] = p.default
    elif p.kind == "text":
        # The browser takes no more than the link would: a box's state stays far below what
        # Streamlit accepts from a browser (server.maxWidgetStateSize), whose refusal is an error box.
        args.update(value=p.default, max_chars=MAX_TEXT)
    return args | narrowed


def _write(name, value):
    raw = write_value(PARAM[name], value)
    if raw is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = raw


def sync(name):
    """Write the choice widget `name`'s key into the link (a widget's on_change)."""
    _write(name, st.session_state[name])


def choice_label(name, key, words):
    """The label of option `key` of choice parameter `name`, in language `words`."""
    return text(f"{PARAM[name].labels}.{key}", words)


def choice(draw, name, label, **kwargs):
    """A choice widget (st.segmented_control, st.radio, …) over the option keys of ?name=.

    Shows each key's label, keeps the key in session state and writes it into the link.
    """
    words = lang()  # once: Streamlit calls format_func for every option, every run
    return draw(
        label,
        PARAM[name].options,
        format_func=lambda key: choice_label(name, key, words),
        key=name,
        on_change=sync,
        args=(name,),
        **kwargs,
    )
