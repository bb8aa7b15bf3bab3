"""A workshop room on the page: who this session is in it, joining it, and following the presenter.

A presenter opens a room from presentation mode (`open_room`): the link becomes
?present=1&room=CODE&key=SECRET, and only that key controls the room. A learner joins by the
room's link (?room=CODE, the QR code) or by typing the code in the "Join a room" popover of the
explorer's header, then follows the presenter: each move of the presenter reruns the learners'
pages at once (lossviz.server.push, through the room's store), and a fragment that reads the room
every few seconds reruns the page only when what it draws changed (`_poll`), for a nudge that was
lost; the page then opens the presenter's step, on whichever page it is. A learner may look around (their own pills, previous / next) and come back with one tap.
The rules and the store are lossviz.room's; a RoomError is one notice in the room's area and the
rest of the page keeps working. Widgets only.
"""

import secrets
import time
from dataclasses import dataclass

import streamlit as st

from lossviz.inputs.link import PARAM, LinkValueError, parse_value
from lossviz.room import RoomError, open_store, questions, rooms
from lossviz.server import push
from lossviz.ui import tour
from lossviz.ui.caching import per_process
from lossviz.ui.i18n import say, tr
from lossviz.ui.join import JOIN
from lossviz.views.decks import place, position
from lossviz.views.join import numbers_hidden

ROOM = "lv-room"  # the code of this session's room
KEY = "lv-room-key"  # the presenter's key (a presenter's session only)
MEMBER = "lv-room-member"  # this browser session's member id in its rooms
NICK = "lv-room-nick"  # the nickname it joined with
SEEN = "lv-room-seen"  # what this session last drew of the room (`_drawn`)
STEP_START = "lv-room-step-start"  # (place, epoch s) of the presenter's step, for its timer
JOIN_BOX = "lv-join-box-open"  # whether the header's "Join a room" popover is open
NOTICE = "lv-room-notice"  # a RoomError (or a room's end) to show once in the room's area
_OPENED = "lv-room-opened"  # a room was just opened: the presenter's page opens its step
POLL_S = 1.0  # how often the presenter's live line reads the room (answers come in by the second)
FALLBACK_POLL_S = 4.0  # how often a learner's page reads the room: moves reach it at once (push)


@per_process
def store():
    """The process's one room store (lossviz.room.open_store: memory, or Redis when configured),
    whose announced moves rerun this process's learners' pages (lossviz.server.push)."""
    opened = open_store()
    push.follow_moves(opened, _follows)
    return opened


def _follows(get, code):
    """Whether a session is a learner in room `code`; get(key): its st.session_state[key] or None
    (read from the pusher's thread)."""
    return get(ROOM) == code and get(KEY) is None


@dataclass(frozen=True)
class Seat:
    """This session in its room: the code, the presenter's key (None for a learner), the room's state."""

    code: str
    key: str | None
    state: rooms.RoomState

    @property
    def presenter(self):
        return self.key is not None


@dataclass(frozen=True)
class SlideRoom:
    """A room seen from one slide: the seat, the slide's place in the deck and its question."""

    seat: Seat
    step: int
    question: object

    @property
    def current(self):
        """Whether the slide is the room's step."""
        return self.step == self.seat.state.step

    @property
    def hidden(self):
        """Whether the slide's numbers wait for the presenter's reveal."""
        s = self.seat.state
        return numbers_hidden(self.question is not None, self.step, s.step, s.phase)


def _member():
    """This learner's member id: their link's ?me= (a page reopened, or reconnected to another
    replica after one died, is the same learner with the same answers), else a new one."""
    if MEMBER not in st.session_state:
        st.session_state[MEMBER] = _linked("me") or secrets.token_urlsafe(12)  # 16 URL-safe characters
    return st.session_state[MEMBER]


def _address():
    """The network peer Streamlit sees, for the room's per-address limit: never a header the
    browser wrote (deploy/haproxy drops a sent X-Forwarded-For); "local" on loopback."""
    peer = st.context.ip_address
    return peer if isinstance(peer, str) and peer else "local"


def _linked(name):
    """?name= as the link table accepts it, else None (open_link names a rejected value)."""
    raw = st.query_params.get(name)
    if not raw:
        return None
    try:
        return parse_value(PARAM[name], raw)
    except LinkValueError:
        return None


def notice(error):
    """Keep `error` (a RoomError, or a sentence) to show once in the room's area."""
    st.session_state[NOTICE] = error


def _leave(message=None):
    """Forget this session's room (and take it out of the link); `message` is shown once."""
    for name in (ROOM, KEY, SEEN, STEP_START):
        st.session_state.pop(name, None)
    for name in ("room", "key", "me", "nick"):
        st.query_params.pop(name, None)
    if message:
        notice(message)


def join(code, nickname):
    """Join room `code` as this session (a learner); False, with a notice, if the room refuses."""
    try:
        checked = rooms.normalise_code(code)
        rooms.join(store(), code, _member(), nickname, _member(), time.time(), _address())
    except RoomError as exc:
        notice(exc)
        return False
    st.session_state.pop(KEY, None)
    st.session_state[ROOM], st.session_state[NICK] = checked, rooms.clean_nickname(nickname)
    st.session_state[tour.FOLLOW] = True
    st.query_params["room"], st.query_params["me"] = checked, _member()
    if st.session_state[NICK]:
        st.query_params["nick"] = st.session_state[NICK]
    return True


def open_room():
    """Open a room with this session as its presenter (a callback of the "Open a room" button)."""
    try:
        code, key = rooms.create(store(), time.time())
    except RoomError as exc:
        notice(exc)
        return
    st.session_state[ROOM], st.session_state[KEY] = code, key
    st.session_state.pop(tour.FOLLOW, None)
    st.query_params["room"], st.query_params["key"] = code, key
    st.session_state[JOIN] = True  # the projector shows the code first
    st.session_state[_OPENED] = True


def _enter_from_link():
    """Take the room the link names (a presenter's with its key, else a learner's) once per session."""
    code = _linked("room")
    if code is None or rooms.normalise_code(code) == st.session_state.get(ROOM):
        return
    key = _linked("key")
    if key is None:
        join(code, _linked("nick"))
        return
    try:
        rooms.control(store(), code, key, "touch", time.time())
    except RoomError as exc:
        st.query_params.pop("key", None)  # a key that controls nothing is not kept, nor shown
        notice(exc)
        return
    st.session_state[ROOM], st.session_state[KEY] = rooms.normalise_code(code), key


def seat():
    """This session's Seat, or None outside a room (a room that ended or expired is left here)."""
    _enter_from_link()
    code = st.session_state.get(ROOM)
    if code is None:
        return None
    try:
        state = rooms.state(store(), code, time.time())
    except RoomError as exc:
        notice(exc)
        st.session_state[SEEN] = "unreachable"
        return None
    if state is None or state.ended:
        _leave(tr("room_ui.ended") if state else tr("room_ui.expired"))
        return None
    st.session_state[SEEN] = _drawn(state)
    return Seat(code, st.session_state.get(KEY), state)


def notice_ui():
    """The room's one notice, if any: what it refused, in the reader's language; never an error box."""
    notice = st.session_state.pop(NOTICE, None)
    if notice is not None:
        st.info(say(notice) if not isinstance(notice, str) else notice, icon=":material/groups:")


def _drawn(state):
    """What a learner's page draws from the room: its step, the step's phase, its end. An answer
    or a join changes the room's version but none of these, so sixty phones answering do not
    rerun sixty pages at each poll."""
    return None if state is None else (state.step, state.phase, state.ended)


@st.fragment(run_every=FALLBACK_POLL_S)
def _poll(code):
    """Reread the room every few seconds; the page reruns only when what it draws changed (`_drawn`)."""
    try:
        drawn = _drawn(rooms.state(store(), code, time.time()))
    except RoomError:
        drawn = "unreachable"
    if drawn != st.session_state.get(SEEN):
        st.rerun(scope="app")


def follow(page, number, s):
    """A learner who follows opens the room's step; so does a presenter who just opened the room
    (off the tour). `number`: the step `page` shows, None off the tour. Returns the step `page`
    shows now: the room's on this page is taken in this run, another page's is switched to."""
    wanted = position(s.state.step)
    opened = st.session_state.pop(_OPENED, False)
    if (s.presenter and opened and number is None) or (not s.presenter and st.session_state.get(tour.FOLLOW)):
        if wanted[0] != page:
            tour.switch_to(*wanted, page)
        if wanted[1] != number:
            tour.go_to(page, wanted[1])
            if number is None:  # the page's own content is already under way: it reruns as a slide
                st.rerun(scope="app")
            return wanted[1]
    return number


def pace(page, number, s):
    """The presenter's step is the room's: a step shown that the room is not on is sent to it."""
    step = place(page, number)
    if step != s.state.step:
        try:
            rooms.control(store(), s.code, s.key, "goto", time.time(), step=step)
        except RoomError as exc:
            notice(exc)
            return s
        s = Seat(s.code, s.key, rooms.state(store(), s.code, time.time()) or s.state)
        st.session_state[SEEN] = _drawn(s.state)
    if st.session_state.get(STEP_START, (None,))[0] != step:
        st.session_state[STEP_START] = (step, time.time())
    return s


def on_page(page, number=None):
    """The room's part of any page: joins, follows, paces, polls. Returns a SlideRoom on a slide
    (number: the page's step), else None. Call it before the step pills are drawn."""
    s = seat()
    if s is None:
        return None
    number = follow(page, number, s)
    if s.presenter and number is not None:
        s = pace(page, number, s)
    if not s.presenter:
        _poll(s.code)
    if number is None:
        return None
    step = place(page, number)
    return SlideRoom(s, step, questions.for_step(step))


def control(action):
    """The presenter's `action` on the room (a callback: Lock, Unlock, Reveal, Reset, End)."""
    code, key = st.session_state.get(ROOM), st.session_state.get(KEY)
    try:
        rooms.control(store(), code, key, action, time.time())
    except RoomError as exc:
        notice(exc)
        return
    if action == "end":
        _leave(tr("room_ui.ended"))
        st.session_state[JOIN] = False


def look_around():
    """A learner stops following (their own pills or buttons moved the slide)."""
    st.session_state[tour.FOLLOW] = False


def follow_again():
    st.session_state[tour.FOLLOW] = True


def reveal_first(page, number):
    """Next on the presenter's slide while its question waits reveals it: True if it did."""
    key = st.session_state.get(KEY)
    step = place(page, number)
    if key is None or questions.for_step(step) is None:
        return False
    try:
        state = rooms.state(store(), st.session_state[ROOM], time.time())
    except RoomError as exc:
        notice(exc)
        return False
    if state is None or state.step != step or state.phase == "revealed":
        return False
    control("reveal")
    return True


def learner_ui():
    """A learner's line (in the slide's bar, or above a page): the room, their nickname (plain
    text), the way back to the presenter's step when they look around, and the way out."""
    code, nick = st.session_state.get(ROOM), st.session_state.get(NICK)
    st.text(" · ".join(filter(None, (tr("room_ui.in_room", code=code), nick))), width="content")
    if not st.session_state.get(tour.FOLLOW):
        st.button(
            tr("room_ui.follow"),
            key="room-follow",
            on_click=follow_again,
            type="primary",
            icon=":material/cast:",
        )
    st.button(tr("room_ui.leave"), key="room-leave", on_click=_leave, type="tertiary")


def _join_typed():
    join(st.session_state.get("room-code-typed", ""), st.session_state.get("room-nick-typed") or None)


def joinable(page):
    """Whether `page`'s header offers "Join a room": the explorer (not one of its slides), for a
    session in no room (nor about to enter one by its link), not presenting, not a read-only embed."""
    from lossviz.ui import slides  # slides imports this module

    if page != "explorer" or ROOM in st.session_state or "room" in st.query_params:
        return False
    hidden = _linked("hide") or ()
    return not (st.session_state.get("present") or "inputs" in hidden or slides.wanted())


def join_box_ui():
    """The header's "Join a room" button: a popover holding the code from the projector and an
    optional nickname (Enter joins). In the header row it takes no room on the first screen, and a
    phone, whose header comes first (lossviz.ui.frame), reaches it without scrolling."""
    panel = st.popover(tr("room_ui.box"), key=JOIN_BOX, on_change="rerun", icon=":material/groups:")
    if not panel.open:  # closed, it is one element on every run, not five
        return
    with panel:
        with st.form("room-join", border=False, enter_to_submit=True):
            st.text_input(tr("room_ui.code_label"), key="room-code-typed", max_chars=32)
            st.text_input(tr("room_ui.nick_label"), key="room-nick-typed", max_chars=rooms.MAX_NICKNAME)
            st.form_submit_button(tr("room_ui.join"), on_click=_join_typed, type="primary")


def page_ui(page):
    """The room's part of a page off the tour: following, its notice (joining is in the header)."""
    on_page(page)
    notice_ui()
    if ROOM in st.session_state and KEY not in st.session_state:
        with st.container(horizontal=True, vertical_alignment="center"):
            learner_ui()
