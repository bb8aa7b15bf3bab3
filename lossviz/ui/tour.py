"""A page's guided tour: its step pills kept in ?step=, moving between steps, ending the tour.

Every page has one (lossviz.views.decks): the explorer's follows the article, the lab's and the
batch page's teach from their sections. Picking a step turns the page into that step's slide
(lossviz.ui.slides); ending the tour opens the page on the step's inputs. Next and previous play
the three tours as one deck: past a page's last step they open the next page's first (a callback
asks for the page, `switch_if_asked` opens it with st.switch_page and the step in the link).
"""

import streamlit as st

from lossviz.inputs.link import PAGES, PARAM, LinkValueError, parse_value, write_value
from lossviz.ui.i18n import lang, tr
from lossviz.ui.link import sync
from lossviz.ui.markdown import escape_markdown
from lossviz.views.decks import deck, following, preceding
from lossviz.words.i18n import msg

STEP = "step"  # the query parameter of the step shown
REVEALED = "lv-revealed"  # (page, step) whose numbers were revealed in predict-then-reveal mode
_OUT_OF_RANGE = "lv-step-out-of-range"
SHOWN = "lv-step-shown"  # (page, step) of the slide drawn last (lossviz.ui.slides)
FOLLOW = "lv-follow"  # a room's learner follows the presenter while this is True (lossviz.ui.room)
_SWITCH = "lv-switch-to"  # (page, step) a callback asked for, opened by switch_if_asked
# app.py's st.Page url_path of each page
URL_PATHS = {"explorer": "home", "lab": "lab", "batch": "batch", "train": "train"}


def key(page):
    """The session key of `page`'s step pills: each page its own, so a step of one is never another's.

    >>> key("explorer"), key("lab")
    ('step', 'lab-step')
    """
    return STEP if page == "explorer" else f"{page}-{STEP}"


def _linked(name):
    """The link's value of ?name= (checked by the table), or None when it has none it can use."""
    try:
        return parse_value(PARAM[name], st.query_params.get(name, ""))
    except LinkValueError:  # open_link names it in its notice
        return None


def _linked_step(page):
    """The link's ?step= if `page` has that step; a step past its last is dropped with a notice."""
    number = _linked(STEP)
    if number is not None and number > deck(page).count:
        st.session_state[_OUT_OF_RANGE] = st.query_params.get(STEP, "")
        del st.query_params[STEP]
        return None
    return number


def current_step(page):
    """The step of `page` shown now (1 … its count), or None when there is no tour.

    The pills' value once they exist in this session; before that, the link's ?step= if usable.
    """
    k = key(page)
    return st.session_state[k] if k in st.session_state else _linked_step(page)


def _write_step(page):
    """Keep ?step= in the link as the table writes it (a bound widget would write the step's label)."""
    raw = write_value(PARAM[STEP], st.session_state[key(page)])
    if raw is None:
        st.query_params.pop(STEP, None)
    else:
        st.query_params[STEP] = raw


def _by_hand():
    """A step picked or moved to by this reader: a room's learner stops following the presenter."""
    if st.session_state.get(FOLLOW):
        st.session_state[FOLLOW] = False


def _picked(page):
    """The pills' change: a step other than the one drawn is the reader's own pick."""
    if (page, st.session_state[key(page)]) != st.session_state.get(SHOWN):
        _by_hand()
    _write_step(page)


def _write_ask():
    """Keep ?ask=1 in the link (a bound toggle would write ask=true)."""
    if st.session_state.ask:
        st.query_params["ask"] = "1"
    else:
        st.query_params.pop("ask", None)


def step_pills(page, *, collapsed=False):
    """The page's steps, each by its number and name; returns the step picked (or None).

    Drawn by the page to start the tour and by a slide to move within it: one widget (its key),
    so a step picked in one place is the step shown in the other.
    """
    k, d = key(page), deck(page)
    if k not in st.session_state:
        st.session_state[k] = _linked_step(page)
    names = {s.number: s.short for s in d.steps(lang())}
    return st.pills(
        tr(f"{d.words}.label"),
        list(names),
        format_func=lambda n: f"{n} · {names[n]}",
        key=k,
        on_change=_picked,
        args=(page,),
        help=tr(f"{d.words}.help"),
        label_visibility="collapsed" if collapsed else "visible",
    )


def tour_ui(page="explorer"):
    """A page's way into its tour: its steps by name (and the notice of a step it does not have),
    and the room's part of the page (lossviz.ui.room): a learner in a room is sent to its step."""
    from lossviz.ui import room  # the room imports this module

    room.page_ui(page)
    step_pills(page)
    raw = st.session_state.pop(_OUT_OF_RANGE, None)
    if raw is not None:
        expected = msg("link.expect.int", lo="1", hi=str(deck(page).count))
        item = tr("link.item", name=STEP, value=raw, expected=expected)
        st.caption(escape_markdown(tr("link.ignored", items=item)))


def ask_toggle():
    """The predict-then-reveal switch, kept in ?ask=; returns whether it is on."""
    if "ask" not in st.session_state:
        st.session_state.ask = bool(_linked("ask"))
    return st.toggle(tr("slides.ask"), key="ask", on_change=_write_ask, help=tr("slides.ask_help"))


def go_to(page, number):
    """Show step `number` of `page` (a callback: buttons and clicker keys)."""
    st.session_state[key(page)] = number
    _write_step(page)


def open_step(page, number):
    """Show step `number` of `page`, whichever page is shown now (a callback: the switch follows)."""
    st.session_state[key(page)] = number
    st.session_state[_SWITCH] = (page, number)


def kept_params(number):
    """The link's parameters that every page reads (language, presentation, the room…), with ?step=."""
    kept = {
        name: raw
        for name, raw in st.query_params.to_dict().items()
        if PARAM.get(name) and PARAM[name].pages == PAGES
    }
    return kept | {STEP: write_value(PARAM[STEP], number)}


def switch_to(page, number, shown):
    """Open step `number` of `page` now, from page `shown`: a rerun there, else st.switch_page."""
    if page == shown:
        go_to(page, number)
        st.rerun(scope="app")
    st.session_state[key(page)] = number
    st.switch_page(_page(page), query_params=kept_params(number))


def switch_if_asked(shown):
    """Open the page a callback asked for (next past a page's last step, previous before its first)."""
    wanted = st.session_state.pop(_SWITCH, None)
    if wanted is not None and wanted[0] != shown:
        switch_to(*wanted, shown)


def _page(page):
    from lossviz.ui import batch, explorer, lab, train  # each page imports this module

    pages = {"explorer": explorer, "lab": lab, "batch": batch, "train": train}
    return st.Page(pages[page].main, url_path=URL_PATHS[page])


def is_revealed(page, number):
    return (page, number) in st.session_state.get(REVEALED, ())


def reveal(page, number):
    st.session_state[REVEALED] = {*st.session_state.get(REVEALED, ()), (page, number)}


def forward(page, number, ask):
    """The next thing the room sees from step `number`: its hidden numbers, else the next step."""
    _by_hand()
    if ask and not is_revealed(page, number):
        reveal(page, number)
    elif number < deck(page).count:
        go_to(page, number + 1)
    elif following(page, number):
        open_step(*following(page, number))


def back(page, number):
    _by_hand()
    if number > 1:
        go_to(page, number - 1)
    elif preceding(page, number):
        open_step(*preceding(page, number))


def end_tour(page, number):
    """Leave the tour for the page itself, loaded with step `number`'s inputs (a callback)."""
    for name, value in deck(page).steps()[number - 1].opens.items():
        st.session_state[name] = value
        _write_opened(name, value)
    go_to(page, None)


def _write_opened(name, value):
    """Put an opened input into the link too: a widget bound to ?name= takes the link's value over
    the session's. Switches are written as bound ones read them (true), choices by their key."""
    p = PARAM[name]
    if p.kind == "choice":
        sync(name)
        return
    raw = ("true" if value else "false") if p.kind == "bool" else write_value(p, value)
    if value == p.default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = raw
