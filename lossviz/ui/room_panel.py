"""A room on a slide: the presenter's controls and live counts, a learner's answer box and result.

The presenter sees the room's code, how many answered of those who joined, the timers, the next
step's title and the step's notes (a popover: the projector shows them only when opened), a menu
with Lock / Reset / End, and once revealed the room's answers beside the truth (lossviz.charts.room).
A learner sees the step's question with a box for their answer, then their answer beside the truth
and, when it matches a usual mistake, its name. Widgets only: the rules are lossviz.room's, the
words lossviz.views.join's; the learner's own line (room, nickname, follow) is lossviz.ui.room's.
"""

import time

import streamlit as st

from lossviz.charts.room import tally_figure
from lossviz.room import RoomError, questions, rooms
from lossviz.room.answers import shown_answer, shown_truth
from lossviz.ui import room
from lossviz.ui.drag import prediction_drag, reader_labels
from lossviz.ui.explorer_charts import compare
from lossviz.ui.i18n import lang, tr
from lossviz.ui.markdown import escape_markdown
from lossviz.views.decks import deck, following
from lossviz.views.join import clock
from lossviz.views.presentation import projected
from lossviz.words.i18n import text


@st.fragment(run_every=room.POLL_S)
def live_ui(code):
    """The presenter's live line: the code, how many answered of those who joined, and the timers
    since the room opened and since the step began (each second)."""
    try:
        state = rooms.state(room.store(), code, time.time())
    except RoomError as exc:
        st.caption(escape_markdown(exc.text(lang())))
        return
    if state is None:
        return
    now = time.time()
    started = st.session_state.get(room.STEP_START, (None, now))[1]
    answered = tr("room_ui.answered", n=state.answered, m=state.joined)
    timer = tr("room_ui.timer", room=clock(now - state.started), step=clock(now - started))
    st.markdown(f"**{code}** · {answered} · :material/timer: {timer}")


@st.fragment(run_every=room.POLL_S)
def joined_ui(code):
    """How many joined room `code`, in bold, each second (the join panel's count)."""
    try:
        state = rooms.state(room.store(), code, time.time())
    except RoomError as exc:
        st.caption(escape_markdown(exc.text(lang())))
        return
    if state is not None:
        st.markdown(f"**{tr('room_ui.joined', n=state.joined)}**")


def _notes_ui(page, number):
    with st.popover(tr("room_ui.notes"), icon=":material/description:"):
        after = following(page, number)
        if after:
            title = deck(after[0]).steps(lang())[after[1] - 1].title
            st.markdown(f"**{escape_markdown(tr('room_ui.next', title=title))}**")
        else:
            st.markdown(f"**{tr('room_ui.next_last')}**")
        st.markdown(tr(f"notes.{page}{number}"))


def presenter_ui(view, page, number, end_tour_ui):
    """The presenter's part of the slide's bar, on one line: the live line, the step's notes, and a
    menu with Lock / Unlock, Reset, End the room and `end_tour_ui` (the tour's way out)."""
    s = view.seat.state
    with st.container(key="lv-room-live", width="content"):
        live_ui(view.seat.code)
    _notes_ui(page, number)
    with st.popover(tr("room_ui.menu"), icon=":material/tune:"):
        if view.question is not None:
            locked = s.phase == "locked"
            st.button(
                tr("room_ui.unlock" if locked else "room_ui.lock"),
                key="room-lock",
                on_click=room.control,
                args=("unlock" if locked else "lock",),
                disabled=s.phase == "revealed",
                help=tr("room_ui.lock_help"),
                icon=":material/lock_open:" if locked else ":material/lock:",
            )
            st.button(
                tr("room_ui.reset"),
                key="room-reset",
                on_click=room.control,
                args=("reset",),
                help=tr("room_ui.reset_help"),
                icon=":material/restart_alt:",
            )
        st.button(
            tr("room_ui.end"),
            key="room-end",
            on_click=room.control,
            args=("end",),
            help=tr("room_ui.end_help"),
            icon=":material/logout:",
        )
        end_tour_ui()


def _own(view):
    """This learner's answer to the slide's step, or None."""
    try:
        mine = rooms.answers(
            room.store(), view.seat.code, view.step, member_id=st.session_state.get(room.MEMBER)
        )
    except RoomError as exc:
        st.caption(escape_markdown(exc.text(lang())))
        return None
    return mine.get(st.session_state.get(room.MEMBER))


def _send(code, step, value):
    if value is None:
        return
    try:
        rooms.answer(room.store(), code, st.session_state.get(room.MEMBER), step, value, time.time())
    except RoomError as exc:
        room.notice(exc)


def _send_widget(code, step, widget):
    _send(code, step, st.session_state.get(widget))


@st.fragment
def answer_ui(view, page, number):
    """A learner's box for the slide's question: the prompt, an input of its kind, what they sent;
    once revealed (or passed), their answer beside the truth and the mistake it matches.

    A fragment: sending an answer reruns this box alone, not the slide (sixty phones answering
    would otherwise be sixty runs of the whole page, charts included, on the server every other
    visitor shares). A refusal shows in the box. The presenter's moves rerun the whole page."""
    q = view.question
    if q is None:
        return
    s = view.seat.state
    with st.container(key="lv-answer", border=True):
        room.notice_ui()  # a refused answer's one line, here: a run of this box shows nothing else
        st.markdown(f"**{escape_markdown(tr(q.prompt, **q.params))}**")
        if view.step > s.step:
            st.caption(tr("room_ui.not_yet"))
            return
        mine = _own(view)
        if not view.hidden:
            result_ui(q, mine)
            return
        if s.phase == "locked":
            st.caption(tr("room_ui.closed"))
        else:
            _input_ui(view, q, page, number)
        if mine is not None:
            st.caption(escape_markdown(tr("room_ui.sent", value=shown_answer(q, mine, lang()))))


def _input_ui(view, q, page, number):
    code, step = view.seat.code, view.step
    if q.kind == "choice":
        words = lang()
        st.pills(
            tr("room_ui.answer_label"),
            q.choices,
            format_func=lambda c: text(f"room.choice.{c}", words),
            key=f"room-choice-{step}",
            on_change=_send_widget,
            args=(code, step, f"room-choice-{step}"),
        )
    elif q.kind == "number":
        with st.form(key=f"room-form-{step}", border=False, enter_to_submit=True):
            label = tr("room_ui.answer_label") + (f" ({q.unit})" if q.unit else "")
            st.number_input(
                label,
                value=None,
                step=0.1 if q.unit else 0.0001,
                format="%.1f" if q.unit else "%.4f",
                key=f"room-number-{step}",
            )
            st.form_submit_button(
                tr("room_ui.send"),
                on_click=_send_widget,
                args=(code, step, f"room-number-{step}"),
                type="primary",
            )
    else:
        opens = deck(page).steps()[number - 1].opens
        c = compare(opens["t"], opens["y"])
        st.caption(tr("room_ui.drag_hint"))
        prediction_drag(
            c.y,
            c.target_class,
            labels=reader_labels(),
            key=f"room-drag-{step}",
            table=False,
            on_commit=lambda y: _send(code, step, y),
        )


def result_ui(q, mine):
    """The learner's answer beside the truth, and the usual mistake it matches (if any)."""
    words = lang()
    st.markdown(escape_markdown(tr("room_ui.truth", value=shown_truth(q, words))))
    if mine is None:
        st.caption(tr("room_ui.none"))
        return
    st.markdown(escape_markdown(tr("room_ui.yours", value=shown_answer(q, mine, words))))
    named = questions.misconception(q.step, mine)
    if named == "right":
        st.success(tr("room_ui.right"), icon=":material/check_circle:")
    elif named is not None:
        st.info(tr("room_ui.mistake", name=tr(f"room.misconception.{named}")), icon=":material/lightbulb:")


def chart_ui(view, scale):
    """The room's answers beside the truth, once the presenter revealed them (the presenter's view)."""
    try:
        given = rooms.answers(room.store(), view.seat.code, view.step, key=view.seat.key)
    except RoomError as exc:
        st.info(exc.text(lang()), icon=":material/groups:")
        return
    fig = tally_figure(view.question, questions.tally(view.question, list(given.values())), lang=lang())
    st.plotly_chart(
        fig if scale is None else projected(fig, scale),
        key="room-chart",
        height="content" if scale is None else "stretch",
        config={"displaylogo": False, "displayModeBar": False},
    )
