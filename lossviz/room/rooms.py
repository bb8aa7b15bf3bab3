"""The room's rules: who may create, join, pace, answer and read, on any Store.

A room has a code (learners type it) and a key (only the presenter's link carries it). Its
fields: step (1 … questions.COUNT, the continuous deck), phase:<step> ("open", "locked",
"revealed") for every step, started (epoch s), ended ("0"/"1"), and key, the SHA-256 of the key.
Every argument that comes from a browser is checked here, once: a malformed code, key, member
id, nickname, step or answer raises RoomError, never another exception. Learners are named by
a member id the UI makes per browser session; a nickname is plain text, never markup.
"""

import hashlib
import json
import math
import re
import time
import unicodedata
from dataclasses import dataclass

from lossviz.room import codes, questions
from lossviz.room.errors import RoomError
from lossviz.room.store import WINDOW

MAX_WRONG_CODES = 20  # per browser session within store.WINDOW seconds; then it waits
MAX_WRONG_CODES_PER_ADDRESS = 300  # per network address: a school's NAT, a balancer
MAX_NICKNAME = 24
MAX_CLIENT = 256
PHASES = ("open", "locked", "revealed")
ACTIONS = ("goto", "lock", "unlock", "reveal", "reset", "end", "touch")
_MEMBER = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SET_PHASE = {"lock": "locked", "unlock": "open", "reveal": "revealed"}


@dataclass(frozen=True)
class RoomState:
    """What every screen of a room shows: see the module's docstring for the fields."""

    code: str
    version: int
    step: int
    phase: str
    joined: int
    answered: int
    started: float
    ended: bool


def _code(code):
    checked = codes.normalise_code(code)
    if checked is None:
        raise RoomError("room.bad_code")
    return checked


def _member(member_id):
    if not isinstance(member_id, str) or not _MEMBER.fullmatch(member_id):
        raise RoomError("room.bad_member")
    return member_id


def _step(step):
    if questions.deck_position(step) is None:
        raise RoomError("room.bad_step", count=questions.COUNT)
    return step


def clean_nickname(nickname):
    """A nickname as shown: control and format characters removed, spaces trimmed, ≤ 24 chars.

    None is "" (anonymous). Raises RoomError for a non-string or one too long.
    >>> clean_nickname("  Ada\\u0000 Lovelace\\u202e "), clean_nickname(None)
    ('Ada Lovelace', '')
    """
    if nickname is None:
        return ""
    if not isinstance(nickname, str) or len(nickname) > 4 * MAX_NICKNAME:
        raise RoomError("room.bad_nickname", n=MAX_NICKNAME)
    shown = "".join(c for c in nickname if not unicodedata.category(c).startswith("C")).strip()
    if len(shown) > MAX_NICKNAME:
        raise RoomError("room.bad_nickname", n=MAX_NICKNAME)
    return shown


def _client(kind, client):
    """A client id as a short opaque key (the SHA-256 of kind and id), whatever the UI passed."""
    if not isinstance(client, str) or not client or len(client) > MAX_CLIENT:
        raise RoomError("room.bad_client")
    return hashlib.sha256(f"{kind}:{client}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _wait_if_over(store, client, limit, now):
    """RoomError("room.wait") while `client` has `limit` wrong codes within store.WINDOW seconds."""
    recent = store.failures(client, now)
    if len(recent) >= limit:
        raise RoomError("room.wait", n=max(1, math.ceil(recent[-limit] + WINDOW - now)))


def _state(code, snapshot):
    f = snapshot.fields
    step = int(f["step"])
    return RoomState(
        code, int(f["version"]), step, f[f"phase:{step}"], snapshot.joined, snapshot.answered,
        float(f["started"]), f["ended"] == "1",
    )  # fmt: skip


def create(store, now):
    """Open a room: (code, key). The key alone controls the room; show the code to the learners."""
    fields = {"step": "1", "started": repr(float(now)), "ended": "0"}
    fields |= {f"phase:{s}": "open" for s in range(1, questions.COUNT + 1)}
    for _ in range(8):  # a clash among 2.9 × 10⁷ codes is rare; eight in a row means a full store
        code, key = codes.new_code(), codes.new_key()
        if store.create(code, {**fields, "key": codes.key_digest(key)}, now):
            return code, key
    raise RoomError("room.full")


normalise_code = codes.normalise_code


def join(store, code, member_id, nickname, client, now, address=None):
    """Join room `code` as `member_id` (again: the nickname is updated). See the module docstring.

    client: the browser session trying the code (an opaque id the UI makes); address: the network
    peer the server sees (never a header the client wrote), None when unknown. A malformed or
    unknown code counts as a wrong code of both; while the session has MAX_WRONG_CODES of them in
    the last minute, or the address MAX_WRONG_CODES_PER_ADDRESS (many people behind one NAT or
    balancer), join raises RoomError("room.wait"). Also RoomError for an ended room.
    """
    tries = [(_client("session", client), MAX_WRONG_CODES)]
    if address is not None:
        tries.append((_client("address", address), MAX_WRONG_CODES_PER_ADDRESS))
    for counted, limit in tries:
        _wait_if_over(store, counted, limit, now)
    member_id, nickname = _member(member_id), clean_nickname(nickname)
    checked = codes.normalise_code(code)
    snapshot = None if checked is None else store.read(checked, now)
    if snapshot is None:
        for counted, _ in tries:
            store.note_failure(counted, now)
        raise RoomError("room.unknown")
    if snapshot.fields["ended"] == "1":
        raise RoomError("room.ended")
    if store.change(checked, now, expect={"ended": "0"}, put=("members", member_id, nickname)) is None:
        raise RoomError("room.ended")


def state(store, code, now):
    """The room's RoomState, None if it is unknown or expired."""
    code = _code(code)
    snapshot = store.read(code, now)
    return None if snapshot is None else _state(code, snapshot)


def version(store, code, now=None):
    """The room's version, None if it is unknown or expired: one cheap read for polling.

    now: epoch seconds, the clock's when None.
    """
    return store.version(_code(code), time.time() if now is None else now)


def _presenter(store, code, key, now):
    """The room's snapshot after checking `key`; RoomError for an unknown room or a wrong key."""
    snapshot = store.read(code, now)
    if snapshot is None:
        raise RoomError("room.unknown")
    if not codes.key_matches(key, snapshot.fields["key"]):
        raise RoomError("room.wrong_key")
    return snapshot


def control(store, code, key, action, now, step=None):
    """The presenter's `action` on the room: its new version.

    goto (to `step`), lock / unlock / reveal the current step's question, reset it (its answers
    dropped, open again), end the room, touch (keep it from expiring). Only the right key does
    anything; an ended room takes no action but "end". Every action but touch is announced
    (Store.announce), so that the learners' pages follow it at once.
    """
    code = _code(code)
    if action not in ACTIONS:
        raise RoomError("room.bad_action")
    if action == "goto":
        step = _step(step)
    snapshot = _presenter(store, code, key, now)
    ended = snapshot.fields["ended"] == "1"
    if ended and action != "end":
        raise RoomError("room.ended")
    current = snapshot.fields["step"]
    expect = {"step": current, "ended": "0"}
    if action == "goto":
        done = store.change(code, now, changes={"step": str(step)}, expect={"ended": "0"})
    elif action in _SET_PHASE:
        done = store.change(code, now, changes={f"phase:{current}": _SET_PHASE[action]}, expect=expect)
    elif action == "reset":
        done = store.change(
            code, now, changes={f"phase:{current}": "open"}, expect=expect, clear=f"answers:{current}"
        )
    elif action == "end":
        done = store.change(code, now, changes={"ended": "1"})
    else:
        done = store.change(code, now)
    if done is None:
        raise RoomError("room.changed")
    if action != "touch":  # a move every page draws: the learners' pages are nudged at once
        store.announce(code)
    return done


def touch(store, code, key, now):
    """Keep the room from expiring for another 4 h (the presenter's key): its new version."""
    return control(store, code, key, "touch", now)


def answer(store, code, member_id, step, value, now):
    """Record `member_id`'s answer to `step` (the current step, while open): the room's new version.

    The last answer counts. RoomError for a value the question refuses, a step that is not the
    current one, a locked or revealed question, an ended room, or someone who has not joined.
    """
    code, member_id, step = _code(code), _member(member_id), _step(step)
    checked = questions.check(step, value)
    snapshot = store.read(code, now)
    if snapshot is None:
        raise RoomError("room.unknown")
    f = snapshot.fields
    if f["ended"] == "1":
        raise RoomError("room.ended")
    if f["step"] != str(step):
        raise RoomError("room.not_current")
    if f[f"phase:{step}"] != "open":
        raise RoomError(f"room.{f[f'phase:{step}']}")
    expect = {"ended": "0", "step": str(step), f"phase:{step}": "open"}
    put = (f"answers:{step}", member_id, json.dumps(checked))
    done = store.change(code, now, expect=expect, member=member_id, put=put)
    if done is None:
        members = store.table(code, "members", now) or {}
        raise RoomError("room.changed" if member_id in members else "room.not_member")
    return done


def answers(store, code, step, *, key=None, member_id=None, now=None):
    """{member id: answer} of `step`, for the presenter's key: everyone's, at any time.

    For a learner (member_id): before the reveal only their own ({} if none); after it everyone's,
    the others' under "#1", "#2" … instead of their member ids, which stay each browser's secret.
    now: epoch seconds, the clock's when None. RoomError for a wrong key or an unknown room.
    """
    code, step = _code(code), _step(step)
    now = time.time() if now is None else now
    if key is not None:
        _presenter(store, code, key, now)
    else:
        member_id = _member(member_id)
    snapshot = store.read(code, now)
    rows = store.table(code, f"answers:{step}", now)
    if snapshot is None or rows is None:
        raise RoomError("room.unknown")
    given = {member: json.loads(value) for member, value in rows.items()}
    if key is not None:
        return given
    if snapshot.fields[f"phase:{step}"] != "revealed":
        return {member_id: given[member_id]} if member_id in given else {}
    others = (value for member, value in given.items() if member != member_id)
    shown = {f"#{i}": value for i, value in enumerate(others, start=1)}
    if member_id in given:
        shown[member_id] = given[member_id]
    return shown


def nicknames(store, code, key, now):
    """{member id: nickname} of everyone who joined: for the presenter's key only."""
    code = _code(code)
    _presenter(store, code, key, now)
    return store.table(code, "members", now) or {}
