"""The room's rules (lossviz.room.rooms), the same tests on MemoryStore and a real RedisStore."""

import math

import pytest
import room_servers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lossviz.room import RoomError, rooms
from lossviz.room.questions import COUNT
from lossviz.room.store import TTL

store, redis_url = room_servers.store, room_servers.redis_url  # fixtures: each test on both backends
NOW = 1_000_000.0
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def opened(store, learners=("m1", "m2")):
    code, key = rooms.create(store, NOW)
    for i, member in enumerate(learners):
        rooms.join(store, code, member, f"learner {i}", f"client-{member}", NOW)
    return code, key


def test_a_new_room_opens_on_step_1(store):
    code, key = rooms.create(store, NOW)
    state = rooms.state(store, code, NOW)
    assert (state.step, state.phase, state.joined, state.answered, state.ended) == (1, "open", 0, 0, False)
    assert state.started == NOW and state.version == rooms.version(store, code, NOW) == 1
    assert len(key) >= 22  # 128 bits in URL-safe base64 take 22 characters


def test_joining_counts_each_member_once(store):
    code, _ = opened(store)
    rooms.join(store, code, "m1", "Ada again", "client-m1", NOW)
    assert rooms.state(store, code, NOW).joined == 2


def test_a_typed_code_is_normalised_before_joining(store):
    code, _ = rooms.create(store, NOW)
    rooms.join(store, f" {code[:2].lower()}-{code[2:]} ", "m1", "", "c", NOW)
    assert rooms.state(store, code, NOW).joined == 1


def test_every_change_bumps_the_version(store):
    code, key = rooms.create(store, NOW)
    versions = [rooms.version(store, code, NOW)]
    rooms.join(store, code, "m1", "", "c", NOW)
    versions.append(rooms.version(store, code, NOW))
    rooms.answer(store, code, "m1", 1, 0.5, NOW)
    versions.append(rooms.version(store, code, NOW))
    for action in ("lock", "unlock", "reveal", "reset"):
        versions.append(rooms.control(store, code, key, action, NOW))
    versions.append(rooms.control(store, code, key, "goto", NOW, step=2))
    versions.append(rooms.control(store, code, key, "end", NOW))
    assert versions == list(range(1, 10))


def test_goto_moves_every_screen_and_keeps_each_steps_phase(store):
    code, key = opened(store)
    rooms.control(store, code, key, "reveal", NOW)
    rooms.control(store, code, key, "goto", NOW, step=COUNT)
    assert (rooms.state(store, code, NOW).step, rooms.state(store, code, NOW).phase) == (COUNT, "open")
    rooms.control(store, code, key, "goto", NOW, step=1)
    assert rooms.state(store, code, NOW).phase == "revealed"


@pytest.mark.parametrize("step", [0, COUNT + 1, None, "2", 2.0, True])
def test_goto_needs_a_step_of_the_deck(store, step):
    code, key = rooms.create(store, NOW)
    with pytest.raises(RoomError, match=f"steps 1 to {COUNT}"):
        rooms.control(store, code, key, "goto", NOW, step=step)


def test_one_answer_per_member_and_the_last_counts(store):
    code, key = opened(store)
    rooms.answer(store, code, "m1", 1, 0.5, NOW)
    rooms.answer(store, code, "m1", 1, 0.7775, NOW)
    rooms.answer(store, code, "m2", 1, 1.555, NOW)
    assert rooms.state(store, code, NOW).answered == 2
    assert rooms.answers(store, code, 1, key=key, now=NOW) == {"m1": 0.7775, "m2": 1.555}


def test_learners_read_only_their_own_answer_before_the_reveal(store):
    code, key = opened(store, ("m1", "m2", "m3"))
    rooms.answer(store, code, "m1", 1, 0.7775, NOW)
    rooms.answer(store, code, "m2", 1, 1.555, NOW)
    assert rooms.answers(store, code, 1, member_id="m1", now=NOW) == {"m1": 0.7775}
    assert rooms.answers(store, code, 1, member_id="m3", now=NOW) == {}
    rooms.control(store, code, key, "lock", NOW)
    assert rooms.answers(store, code, 1, member_id="m3", now=NOW) == {}
    rooms.control(store, code, key, "reveal", NOW)
    seen = rooms.answers(store, code, 1, member_id="m3", now=NOW)
    assert sorted(seen) == ["#1", "#2"] and sorted(seen.values()) == [0.7775, 1.555]  # no member ids
    seen = rooms.answers(store, code, 1, member_id="m1", now=NOW)
    assert seen == {"#1": 1.555, "m1": 0.7775}


def test_a_locked_or_revealed_question_takes_no_answer_until_unlocked_or_reset(store):
    code, key = opened(store)
    rooms.control(store, code, key, "lock", NOW)
    with pytest.raises(RoomError, match="closed"):
        rooms.answer(store, code, "m1", 1, 0.7775, NOW)
    rooms.control(store, code, key, "unlock", NOW)
    rooms.answer(store, code, "m1", 1, 0.7775, NOW)
    rooms.control(store, code, key, "reveal", NOW)
    with pytest.raises(RoomError, match="revealed"):
        rooms.answer(store, code, "m2", 1, 0.7775, NOW)
    rooms.control(store, code, key, "reset", NOW)
    state = rooms.state(store, code, NOW)
    assert (state.phase, state.answered) == ("open", 0)
    assert rooms.answers(store, code, 1, key=key, now=NOW) == {}


def test_only_the_current_step_takes_answers(store):
    code, key = opened(store)
    with pytest.raises(RoomError, match="moved on"):
        rooms.answer(store, code, "m1", 2, 0.0275, NOW)
    rooms.control(store, code, key, "goto", NOW, step=2)
    rooms.answer(store, code, "m1", 2, 0.0275, NOW)


def test_someone_who_has_not_joined_cannot_answer(store):
    code, _ = opened(store)
    with pytest.raises(RoomError, match="Join the room"):
        rooms.answer(store, code, "stranger", 1, 0.7775, NOW)


def test_an_ended_room_refuses_everything_but_reading(store):
    code, key = opened(store)
    rooms.answer(store, code, "m1", 1, 0.7775, NOW)
    rooms.control(store, code, key, "end", NOW)
    assert rooms.state(store, code, NOW).ended
    for call in (
        lambda: rooms.join(store, code, "m9", "", "c9", NOW),
        lambda: rooms.answer(store, code, "m1", 1, 0.7775, NOW),
        lambda: rooms.control(store, code, key, "goto", NOW, step=2),
        lambda: rooms.control(store, code, key, "reveal", NOW),
    ):
        with pytest.raises(RoomError, match="ended"):
            call()
    assert rooms.answers(store, code, 1, key=key, now=NOW) == {"m1": 0.7775}


@pytest.mark.parametrize("action", ["goto", "lock", "unlock", "reveal", "reset", "end", "touch"])
def test_a_wrong_key_controls_nothing(store, action):
    code, key = opened(store)
    before = rooms.version(store, code, NOW)
    for wrong in (key[:-1] + ("A" if key[-1] != "A" else "B"), "", None, 42, key + " ", "é" * 32):
        with pytest.raises(RoomError, match="presenter's link"):
            rooms.control(store, code, wrong, action, NOW, step=2)
    assert rooms.version(store, code, NOW) == before


def test_a_wrong_key_reads_no_answers(store):
    code, key = opened(store)
    rooms.answer(store, code, "m1", 1, 0.7775, NOW)
    with pytest.raises(RoomError, match="presenter's link"):
        rooms.answers(store, code, 1, key="x" * 32, now=NOW)
    with pytest.raises(RoomError, match="presenter's link"):
        rooms.nicknames(store, code, "x" * 32, NOW)
    assert rooms.nicknames(store, code, key, NOW) == {"m1": "learner 0", "m2": "learner 1"}


def test_twenty_wrong_codes_in_a_minute_make_a_client_wait(store):
    code, _ = rooms.create(store, NOW)
    for i in range(19):
        with pytest.raises(RoomError, match="No room"):
            rooms.join(store, "ZZZZZ" if i % 2 else "not a code", "m1", "", "guesser", NOW + i)
    rooms.join(store, code, "m1", "", "guesser", NOW + 19)  # 19 wrong codes: still allowed
    with pytest.raises(RoomError, match="No room"):
        rooms.join(store, "ZZZZZ", "m1", "", "guesser", NOW + 20)
    with pytest.raises(RoomError, match="wait 41 s"):  # the first wrong code (at NOW) expires at NOW + 60
        rooms.join(store, code, "m2", "", "guesser", NOW + 19.5)
    rooms.join(store, code, "m3", "", "someone else", NOW + 20)
    rooms.join(store, code, "m2", "", "guesser", NOW + 60.5)  # one of the 20 has aged out


def test_wrong_codes_count_per_browser_session_not_per_address(store):
    """A school's NAT or the balancer puts a room behind one address: one session's twenty typos
    make that session wait, and the others behind the same address still join."""
    code, _ = rooms.create(store, NOW)
    for i in range(rooms.MAX_WRONG_CODES):
        with pytest.raises(RoomError, match="No room"):
            rooms.join(store, "ZZZZZ", "m1", "", "typist", NOW + i, address="10.0.0.1")
    with pytest.raises(RoomError, match="wait"):
        rooms.join(store, code, "m1", "", "typist", NOW + 20, address="10.0.0.1")
    for i in range(2, 40):  # thirty-eight classmates on the same address
        rooms.join(store, code, f"m{i}", "", f"session-{i}", NOW + 20, address="10.0.0.1")
    assert rooms.state(store, code, NOW + 20).joined == 38


def test_an_address_that_tries_too_many_codes_waits_whatever_its_sessions(store):
    """A script that opens a new session for each guess meets the address's ceiling (300 a minute)."""
    code, _ = rooms.create(store, NOW)
    limit = rooms.MAX_WRONG_CODES_PER_ADDRESS
    for i in range(limit):  # a fresh session each time: never 20 from one session
        with pytest.raises(RoomError, match="No room"):
            rooms.join(store, "ZZZZZ", "m1", "", f"guess-{i}", NOW + i * 0.1, address="203.0.113.9")
    # At NOW + 30 the first of the 300 (at NOW) has 30 s left before it ages out at NOW + 60.
    with pytest.raises(RoomError, match="wait 30 s"):
        rooms.join(store, code, "m1", "", "fresh", NOW + limit * 0.1, address="203.0.113.9")
    rooms.join(store, code, "m2", "", "fresh", NOW + limit * 0.1, address="198.51.100.7")  # another address
    rooms.join(store, code, "m1", "", "fresh", NOW + 60.05, address="203.0.113.9")  # the first aged out
    assert rooms.state(store, code, NOW + 61).joined == 2


def test_a_session_and_an_address_are_counted_apart_even_with_the_same_text(store):
    code, _ = rooms.create(store, NOW)
    for i in range(rooms.MAX_WRONG_CODES):  # from a session whose id looks like an address
        with pytest.raises(RoomError, match="No room"):
            rooms.join(store, "ZZZZZ", "m1", "", "10.0.0.1", NOW + i)
    rooms.join(store, code, "m2", "", "someone", NOW + 20, address="10.0.0.1")


def test_a_room_idle_for_4_hours_expires(store):
    code, key = opened(store)
    rooms.answer(store, code, "m1", 1, 0.7775, NOW + 600)
    assert rooms.state(store, code, NOW + 600 + TTL - 1) is not None
    assert rooms.state(store, code, NOW + 600 + TTL) is None
    assert rooms.version(store, code, NOW + 600 + TTL) is None
    with pytest.raises(RoomError, match="No room"):
        rooms.join(store, code, "m9", "", "c", NOW + 600 + TTL)


def test_touch_keeps_a_room_alive(store):
    code, key = rooms.create(store, NOW)
    rooms.touch(store, code, key, NOW + TTL - 1)
    assert rooms.state(store, code, NOW + TTL + 100) is not None


def test_nicknames_are_plain_trimmed_text(store):
    code, key = rooms.create(store, NOW)
    rooms.join(store, code, "m1", "  <b>Ada</b>\x00\u202e ", "c", NOW)
    rooms.join(store, code, "m2", "**李**", "c", NOW)
    assert rooms.nicknames(store, code, key, NOW) == {"m1": "<b>Ada</b>", "m2": "**李**"}  # shown as text
    with pytest.raises(RoomError, match="at most 24"):
        rooms.join(store, code, "m3", "x" * 25, "c", NOW)


# ---- hostile input: RoomError, never anything else ----

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN, ±inf, huge
    st.text(),  # empty, unicode, control characters
    st.text(min_size=1, max_size=8).map(lambda s: (s * 10_000)[:10_000]),  # 10 kB strings
    st.binary(max_size=50),
    st.lists(st.floats(), max_size=6),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@FUZZ
@given(code=HOSTILE, member=HOSTILE, nickname=HOSTILE, client=HOSTILE)
def test_hostile_joins_are_refused_with_a_room_error(store, code, member, nickname, client):
    try:
        rooms.join(store, code, member, nickname, client, NOW)
    except RoomError:
        pass


@FUZZ
@given(value=HOSTILE, step=st.one_of(HOSTILE, st.integers(1, COUNT)))
def test_hostile_answers_are_refused_with_a_room_error(store, value, step):
    code, _ = rooms.create(store, NOW)
    rooms.join(store, code, "m1", "", "c", NOW)
    try:
        rooms.answer(store, code, "m1", step, value, NOW)
    except RoomError:
        return
    assert step == 1 and isinstance(value, (int, float)) and math.isfinite(value)  # only a fair answer lands


@FUZZ
@given(key=HOSTILE, action=HOSTILE, step=HOSTILE, code=HOSTILE)
def test_hostile_controls_are_refused_with_a_room_error(store, key, action, step, code):
    real, _ = rooms.create(store, NOW)
    for target in (code, real):
        with pytest.raises(RoomError):
            rooms.control(store, target, key, action, NOW, step=step)


@FUZZ
@given(code=HOSTILE, step=HOSTILE, key=HOSTILE, member=HOSTILE)
def test_hostile_reads_are_refused_or_empty(store, code, step, key, member):
    for call in (
        lambda: rooms.state(store, code, NOW),
        lambda: rooms.version(store, code, NOW),
        lambda: rooms.answers(store, code, step, key=key, now=NOW),
        lambda: rooms.answers(store, code, step, member_id=member, now=NOW),
    ):
        try:
            assert call() in (None, {})
        except RoomError:
            pass


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    code=HOSTILE, member=HOSTILE, nickname=HOSTILE, value=HOSTILE, step=HOSTILE, key=HOSTILE, action=HOSTILE
)
def test_a_thousand_hostile_requests_get_room_errors_only(
    store, code, member, nickname, value, step, key, action
):
    real, real_key = rooms.create(store, NOW)
    rooms.join(store, real, "m1", "", "c", NOW)
    for call in (
        lambda: rooms.join(store, code, member, nickname, "fuzz", NOW),
        lambda: rooms.join(store, real, member, nickname, "fuzz", NOW),
        lambda: rooms.answer(store, real, "m1", step, value, NOW),
        lambda: rooms.answer(store, code, member, 1, value, NOW),
        lambda: rooms.control(store, real, key, action, NOW, step=step),
        lambda: rooms.control(store, real, real_key, action, NOW, step=step),
        lambda: rooms.answers(store, real, step, member_id=member, now=NOW),
        lambda: rooms.state(store, code, NOW),
    ):
        try:
            call()
        except RoomError:
            pass
