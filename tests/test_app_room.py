"""A room in AppTest (lossviz/ui/room.py, room_panel.py, join.py, slides.py): a presenter and learners.

Every AppTest of a test runs in this process and shares lossviz.ui.room's one cached store (a fresh
MemoryStore per test). Expected numbers are hand computations with math (δ = 1e-7): step 1 asks for
the squared error of the article's example ①, ½Σ(y − t)² = 0.7775; its cross-entropy −ln(0.05 + δ)
is the usual wrong answer.
"""

import math
import re

import pytest
from conftest import APP
from streamlit.testing.v1 import AppTest
from visible import DRAG, component_props, english_left, visible_texts

from lossviz.room import MemoryStore, RoomError, rooms
from lossviz.ui import room

TIMEOUT = 30
SSE1 = 0.5 * (0.1**2 + 0.95**2 + 0.05**2 + 0.8**2)  # 0.7775, the article's number
CEE1 = -math.log(0.05 + 1e-7)  # 2.9957
PRESENTER_ONLY = (
    "tour-reveal",
    "tour-end",
    "tour-finish",
    "room-lock",
    "room-reset",
    "room-end",
    "room-open",
)


class FlakyStore(MemoryStore):
    """A MemoryStore that can go down, as a Redis server does: every call then raises RoomError."""

    down = False

    def __getattribute__(self, name):
        if name not in ("down", "__class__", "__dict__") and object.__getattribute__(self, "down"):
            if callable(getattr(MemoryStore, name, None)):
                raise RoomError("room.unreachable")
        return object.__getattribute__(self, name)


@pytest.fixture
def store(monkeypatch):
    """A fresh store shared by every AppTest of the test (the UI's cache_resource, filled by hand)."""
    fresh = FlakyStore()
    monkeypatch.setattr(room, "open_store", lambda: fresh)
    room.store.clear()
    yield fresh
    room.store.clear()


def app(**params):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[room.JOIN_BOX] = True  # the explorer's "Join a room" box open
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def keys(at):
    return {w.key for w in (*at.button, *at.toggle, *at.pills)}


def html(at):
    return " ".join(h.proto.body for h in at.html)


def texts(at):
    """What a reader reads: plain texts, and Markdown and captions with their escapes undone."""
    marked = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return [t.value for t in at.text] + [re.sub(r"\\(.)", r"\1", m) for m in marked]


def presenter_with_room():
    p = app(present="1", step="1")
    p.button(key="room-open").click().run()
    return p, p.query_params["room"], p.query_params["key"]


def learner(code, **params):
    return app(room=code, **params)


def test_opening_a_room_shows_its_code_large_and_one_qr_of_the_room_without_the_key(store):
    p, code, key = presenter_with_room()
    assert not p.exception
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}", code) and len(key) >= 22  # 22 URL-safe chars ≥ 128 bits
    assert f'<p class="lv-room-code">{code}</p>' in html(p)
    assert f'data-link="?room={code}"' in html(p)  # no step: the phone follows the presenter
    assert key not in html(p) and key not in " ".join(texts(p))
    assert "**0 joined**" in texts(p)
    learner(code)
    p.run()
    assert "**1 joined**" in texts(p)


def test_a_learner_joins_by_the_typed_code_with_a_nickname_shown_as_plain_text(store):
    p, code, _ = presenter_with_room()
    at = app()
    at.text_input(key="room-code-typed").input(f" {code[:2].lower()} {code[2:]} ")  # as a phone types it
    at.text_input(key="room-nick-typed").input("**Ada** <b>L</b>")
    at.button(key="FormSubmitter:room-join-Join").click().run()
    assert not at.exception and at.query_params["room"] == code
    assert at.header[0].value.startswith("Step 1 of 6")  # the room's step
    assert f"Room {code} · **Ada** <b>L</b>" in [t.value for t in at.text]  # st.text: not Markdown
    assert not any("Ada" in m.value for m in at.markdown)


@pytest.mark.parametrize("typed", ["ZZZZZ", "K7QX0", "<script>", ""])
def test_a_bad_code_is_one_notice_and_the_explorer_keeps_working(store, typed):
    at = app()
    at.text_input(key="room-code-typed").input(typed)
    at.button(key="FormSubmitter:room-join-Join").click().run()
    assert not at.exception and not at.error
    assert [i.value for i in at.info if "room" in i.value.lower() or "code" in i.value.lower()]
    assert "room" not in at.query_params and at.text_input(key="y")  # the page itself is still there


def test_a_hostile_room_or_key_in_the_link_falls_back_with_a_notice(store):
    at = app(room="<img src=x>", key="'; DROP", present="1")
    assert not at.exception and not at.error
    shown = " ".join(c.value for c in at.caption)
    assert "room=" in shown and "key=…" in shown and "DROP" not in shown  # the key is never quoted


def test_learners_see_no_presenter_controls(store):
    _, code, _ = presenter_with_room()
    at = learner(code, ask="1", present="1")  # even with the presenter's switches in their link
    assert not at.exception
    assert not keys(at) & set(PRESENTER_ONLY) and "lv-join" not in keys(at) and "ask" not in keys(at)
    assert 'class="lv-room-code"' not in html(at)


def test_answer_reveal_and_the_usual_mistake_named(store):
    p, code, key = presenter_with_room()
    p.toggle(key="lv-join").set_value(False).run()
    ada, bob = learner(code, nick="Ada"), learner(code)
    ada.number_input(key="room-number-1").set_value(round(SSE1, 4))
    ada.button(key="FormSubmitter:room-form-1-Send").click().run()
    assert any("Sent: 0.7775" in c for c in texts(ada))
    bob.number_input(key="room-number-1").set_value(round(CEE1, 4))  # the cross-entropy instead
    bob.button(key="FormSubmitter:room-form-1-Send").click().run()
    p.run()
    assert any("2 of 2 answered" in m for m in texts(p))
    assert [m.value for m in p.metric] == ["?"]  # the numbers wait for the reveal
    p.button(key="tour-reveal").click().run()
    assert [m.value for m in p.metric] == ["0.7775"]
    assert [c.key for c in p.get("plotly_chart")] == ["room-chart"]  # the room's answers beside the truth
    ada.run()
    bob.run()
    assert "The answer: 0.7775" in texts(bob) and "Your answer: 2.9957" in texts(bob)
    assert "A usual mistake: the cross-entropy instead." in [i.value for i in bob.info]  # its mistake named
    assert "Your answer: 0.7775" in texts(ada) and [s.value for s in ada.success] == ["Right."]
    assert [m.value for m in ada.metric] == ["0.7775"]


def test_a_locked_question_refuses_answers_and_reset_drops_them(store):
    p, code, _ = presenter_with_room()
    at = learner(code)
    p.button(key="room-lock").click().run()
    at.run()
    assert "Answers are closed: wait for the reveal." in texts(at)
    assert not [n for n in at.number_input if n.key == "room-number-1"]
    p.button(key="room-lock").click().run()  # unlock
    at.run()
    at.number_input(key="room-number-1").set_value(1.0)
    at.button(key="FormSubmitter:room-form-1-Send").click().run()
    p.run()
    assert any("1 of 1 answered" in m for m in texts(p))
    p.button(key="room-reset").click().run()
    assert any("0 of 1 answered" in m for m in texts(p))


def test_learners_follow_the_presenter_across_pages_and_may_look_around(store):
    p, code, _ = presenter_with_room()
    at = learner(code)
    p.toggle(key="lv-join").set_value(False).run()
    p.button(key="tour-reveal").click().run()
    p.button(key="tour-next").click().run()
    at.run()
    assert at.header[0].value.startswith("Step 2 of 6")
    at.button(key="tour-next").click().run()  # a look ahead: the learner stops following
    assert at.header[0].value.startswith("Step 3 of 6") and at.button(key="room-follow")
    assert [m.value for m in at.metric] == ["?", "?"]  # a step the room has not reached hides its numbers
    p.query_params["step"] = "6"  # the presenter jumps to the explorer's last step, then on to the lab
    p.session_state["step"] = 6
    p.run()
    p.button(key="tour-reveal").click().run()
    p.button(key="tour-next").click().run()
    assert p.header[0].value.startswith("Step 1 of 4")
    at.run()
    assert at.header[0].value.startswith("Step 3 of 6")  # still looking around
    at.button(key="room-follow").click().run()
    assert not at.exception and at.header[0].value.startswith("Step 1 of 4")  # the lab's first step
    assert at.query_params["room"] == code and at.query_params["step"] == "1"


def test_a_room_outage_is_one_notice_and_the_page_keeps_working(store):
    _, code, _ = presenter_with_room()
    at = learner(code)
    store.down = True
    at.run()
    assert not at.exception and not at.error
    assert "The room is unreachable right now; every page still works on its own. Try again in a moment." in [
        i.value for i in at.info
    ]
    assert at.header and at.metric  # the slide is still drawn
    store.down = False
    at.run()
    assert at.header[0].value.startswith("Step 1 of 6") and at.number_input(key="room-number-1")


def test_ending_the_room_sends_its_learners_back_to_the_pages_alone(store):
    p, code, _ = presenter_with_room()
    at = learner(code)
    p.button(key="room-end").click().run()
    assert "room" not in p.query_params and "key" not in p.query_params and not p.exception
    at.run()
    assert "The presenter has ended the room. The pages still work on their own." in [
        i.value for i in at.info
    ]
    assert "room" not in at.query_params and not at.exception


def test_wrong_codes_make_only_the_session_that_typed_them_wait(store, monkeypatch):
    """The limit counts per browser session: a classmate on the same address (every AppTest here
    has the same one, as a room behind one NAT or balancer has) still joins."""
    monkeypatch.setattr(rooms, "MAX_WRONG_CODES", 3)  # three typos instead of twenty, for speed
    _, code, _ = presenter_with_room()
    typist = app()
    for _ in range(3):
        typist.text_input(key="room-code-typed").input("ZZZZZ")
        typist.button(key="FormSubmitter:room-join-Join").click().run()
    typist.text_input(key="room-code-typed").input(code)
    typist.button(key="FormSubmitter:room-join-Join").click().run()
    assert not typist.exception and not typist.error
    assert any(i.value.startswith("Too many wrong codes: wait") for i in typist.info)
    assert "room" not in typist.query_params
    classmate = app()
    classmate.text_input(key="room-code-typed").input(code)
    classmate.button(key="FormSubmitter:room-join-Join").click().run()
    assert not classmate.exception and classmate.query_params["room"] == code


def test_a_choice_is_answered_with_one_tap(store):
    p, code, _ = presenter_with_room()
    p.query_params["step"] = "3"  # "which loss is larger for example ①?"
    p.session_state["step"] = 3
    p.toggle(key="lv-join").set_value(False).run()
    at = learner(code)
    assert at.header[0].value.startswith("Step 3 of 6")
    at.pills(key="room-choice-3").set_value("sse").run()  # the squared error: wrong
    assert any(t.startswith("Sent: squared error") for t in texts(at))
    p.run()
    assert any("1 of 1 answered" in m for m in texts(p))
    p.button(key="tour-reveal").click().run()
    at.run()
    # −ln(0.05 + δ) = 2.9957 > 0.7775 = ½Σ(y − t)²: the cross-entropy is the larger, by hand
    assert "The answer: cross-entropy" in texts(at) and "Your answer: squared error" in texts(at)


def test_opening_a_room_off_the_tour_opens_its_first_step_with_the_join_panel(store):
    p = app(present="1")
    p.button(key="room-open").click().run()
    assert not p.exception and p.query_params["step"] == "1" and p.query_params["room"]
    assert 'class="lv-room-code"' in html(p)


@pytest.mark.parametrize("who", ["presenter", "learner"])
def test_the_room_speaks_chinese(store, who):
    p = app(present="1", step="1", lang="zh")
    p.button(key="room-open").click().run()
    p.toggle(key="lv-join").set_value(False).run()
    at = p if who == "presenter" else learner(p.query_params["room"], lang="zh")
    shown = " ".join(visible_texts(at))
    assert not english_left([t for t in visible_texts(at) if not t.lstrip().startswith("<style")]), shown


@pytest.mark.slow
def test_a_learner_follows_the_whole_deck_and_every_question_takes_an_answer_box(store):
    p, code, _ = presenter_with_room()
    p.toggle(key="lv-join").set_value(False).run()
    at = learner(code)
    headings = []
    for step in range(1, 14):
        boxes = {w.key for w in (*at.number_input, *at.pills)} | set(component_props(at, DRAG))
        assert any(k and k.startswith("room-") and k.endswith(f"-{step}") for k in boxes), (step, boxes)
        headings.append(at.header[0].value.split(" — ")[0])
        p.button(key="tour-reveal").click().run()
        at.run()
        assert not at.exception and not at.error
        assert any(t.startswith("The answer: ") for t in texts(at)), step
        if step < 13:
            p.button(key="tour-next").click().run()
            at.run()
    # explorer 6, lab 4, batch 3 steps, in that order (the pages' tours)
    assert headings == [f"Step {n} of 6" for n in range(1, 7)] + [f"Step {n} of 4" for n in range(1, 5)] + [
        f"Step {n} of 3" for n in range(1, 4)
    ]


def test_a_learner_who_leaves_the_tour_comes_back_with_one_tap_or_leaves_the_room(store):
    _, code, _ = presenter_with_room()
    at = learner(code)
    at.pills(key="step").set_value(None).run()  # the step clicked off: the explorer itself
    assert not at.header and at.text_input(key="y") and at.button(key="room-follow")
    at.button(key="room-follow").click().run()
    assert at.header[0].value.startswith("Step 1 of 6")
    at.button(key="room-leave").click().run()
    assert "room" not in at.query_params and not [b for b in at.button if b.key == "room-follow"]
    at.button(key="tour-next").click().run()  # the tour, on its own again
    assert at.header[0].value.startswith("Step 2 of 6") and not at.number_input


def test_the_presenters_key_is_in_no_link_but_the_presenters_own(store):
    p, code, key = presenter_with_room()
    p.button(key="tour-end").click().run()  # off the tour: the explorer, with its take-it-home link
    p.session_state["export"] = True
    p.run()
    assert p.query_params["key"] == key  # the presenter's own link keeps it
    link = p.code[0].value
    assert "key=" not in link and key not in link and "room=" not in link
    assert key not in html(p) and not any(key in t for t in texts(p))


@pytest.mark.parametrize(
    ("nick", "shown"),
    [
        ("**b** [x](y) $x$ :red[z]", "**b** [x](y) $x$ :red[z]"),  # 24 characters: shown as typed
        ("<script>alert(1)</script>", None),  # 25 characters: refused, the learner joins without it
        ("Ada\u202egnp", None),  # a right-to-left override: refused by the link table
        ("李雷", "李雷"),
    ],
)
def test_a_hostile_nickname_in_the_link_is_plain_text_or_refused(store, nick, shown):
    _, code, _ = presenter_with_room()
    at = learner(code, nick=nick)
    assert not at.exception and not at.error and at.header[0].value.startswith("Step 1 of 6")
    line = [t.value for t in at.text if t.value.startswith(f"Room {code}")]
    assert line == [f"Room {code} · {shown}" if shown else f"Room {code}"]
    assert not any(nick in m.value for m in at.markdown)


def test_a_learner_whose_page_reopens_is_the_same_learner_with_their_answer(store):
    """A page reopened from its link, or reconnected to another replica after one died, keeps the
    learner's seat (?me=): the room still counts one learner and one answer, and shows it to them."""
    p, code, _ = presenter_with_room()
    at = learner(code)
    seat = at.query_params["me"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{16}", seat) and seat not in html(p)
    at.number_input(key="room-number-1").set_value(0.7775)
    at.button(key="FormSubmitter:room-form-1-Send").click().run()
    again = learner(code, me=seat)  # a new server session: what a reconnect to another replica opens
    assert not again.exception
    assert any(t.startswith("Sent: 0.7775") for t in texts(again))
    p.run()
    assert any("1 of 1 answered" in t for t in texts(p))
    other = learner(code)  # a classmate gets a seat of their own
    assert other.query_params["me"] != seat
