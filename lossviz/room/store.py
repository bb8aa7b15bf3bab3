"""Where rooms live: one small interface, an in-process MemoryStore and a RedisStore behind it.

A room is a hash of fields (strings) plus named tables (string → string): "members" and one
"answers:<step>" per step. Every change is atomic and bumps the room's `version`, which pollers
read cheaply. A room expires TTL seconds after its last change; every call takes `now` (epoch
seconds) so the expiry is the same on both backends and testable. The rules (who may change
what) live in lossviz.room.rooms; a store only applies a change when its expectations hold.

A store also carries the presenter's moves to every process that shares it: announce(code) calls
each listen() callback with the code, in this process (memory) or in every replica (Redis). It is
a nudge, best effort: the room's fields stay the truth, and a page that missed one finds the move
when it next reads the room.
"""

import logging
import threading
from abc import ABC, abstractmethod
from collections import deque
from dataclasses import dataclass

TTL = 4 * 3600  # a room idle for 4 h expires
WINDOW = 60.0  # seconds over which a client's wrong codes are counted
MAX_CLIENTS = 10_000  # the memory store forgets the oldest client beyond this
MAX_ROOMS = 10_000  # live rooms one process keeps (a full room with 60 learners is ~50 kB)
_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """A room as read at one moment: its fields, how many joined, how many answered `step`."""

    fields: dict
    joined: int
    answered: int


class Store(ABC):
    """The operations the room's rules need; each one atomic.

    code: a checked room code; table: "members" or "answers:<step>"; all values are strings.
    """

    @abstractmethod
    def create(self, code, fields, now):
        """Store a room with `fields` and version 1 unless `code` is taken: True if created."""

    @abstractmethod
    def read(self, code, now):
        """Snapshot of the room (answered: of the step in its "step" field), None if there is none."""

    @abstractmethod
    def version(self, code, now):
        """The room's version (int), None if there is none: one cheap read for polling."""

    @abstractmethod
    def change(self, code, now, *, changes=None, expect=None, member=None, put=None, clear=None):
        """Apply a change atomically if the room exists, every `expect` field has its value and
        `member` (if given) is in "members": set `changes` (fields), put = (table, name, value),
        clear = a table to empty; bump the version and restart the TTL. The new version, or None
        when the room is missing or an expectation failed (nothing changed then).
        """

    @abstractmethod
    def table(self, code, name, now):
        """{name: value} of the room's table `name` ({} if empty), None if there is no room."""

    @abstractmethod
    def note_failure(self, client, now):
        """Count one wrong code from `client` (a short opaque string) at `now`."""

    @abstractmethod
    def failures(self, client, now):
        """The times of `client`'s wrong codes within the last WINDOW seconds, oldest first."""

    @abstractmethod
    def announce(self, code):
        """Call every listener of every process sharing this store with `code`: best effort (a
        listener that fails, or a server that cannot be reached, loses this one nudge)."""

    @abstractmethod
    def listen(self, callback):
        """Call callback(code) for each room announced from now on, from a thread of the store's
        (or the announcer's); each callback once, however often it is given."""


def tell(listeners, code):
    """Call each of `listeners` with `code`; one that fails loses this nudge and is logged, the
    others still hear it (the room's state is unchanged, and is read again)."""
    for callback in listeners:
        try:
            callback(code)
        except Exception:
            _LOGGER.exception("a room listener failed on %s", code)


def _matches(fields, expect):
    return all(fields.get(name) == value for name, value in (expect or {}).items())


class MemoryStore(Store):
    """Rooms in this process's memory, behind one lock: the default, with nothing to install.

    An expired room is dropped when it is next touched, and all expired rooms whenever a room is
    created; beyond MAX_ROOMS live rooms, create refuses.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._rooms = {}  # code → {"fields": {…}, "tables": {name: {…}}, "expires": float}
        self._failures = {}  # client → deque of times
        self._listeners = []  # callbacks, each once

    def _live(self, code, now):
        room = self._rooms.get(code)
        if room is not None and room["expires"] <= now:
            del self._rooms[code]
            return None
        return room

    def create(self, code, fields, now):
        with self._lock:
            for expired in [c for c, room in self._rooms.items() if room["expires"] <= now]:
                del self._rooms[expired]
            if code in self._rooms or len(self._rooms) >= MAX_ROOMS:
                return False
            self._rooms[code] = {"fields": {**fields, "version": "1"}, "tables": {}, "expires": now + TTL}
            return True

    def read(self, code, now):
        with self._lock:
            room = self._live(code, now)
            if room is None:
                return None
            fields = dict(room["fields"])
            answers = room["tables"].get(f"answers:{fields.get('step')}", {})
            return Snapshot(fields, len(room["tables"].get("members", {})), len(answers))

    def version(self, code, now):
        with self._lock:
            room = self._live(code, now)
            return None if room is None else int(room["fields"]["version"])

    def change(self, code, now, *, changes=None, expect=None, member=None, put=None, clear=None):
        with self._lock:
            room = self._live(code, now)
            if room is None or not _matches(room["fields"], expect):
                return None
            if member is not None and member not in room["tables"].get("members", {}):
                return None
            room["fields"].update(changes or {})
            if put is not None:
                name, key, value = put
                room["tables"].setdefault(name, {})[key] = value
            if clear is not None:
                room["tables"].pop(clear, None)
            version = int(room["fields"]["version"]) + 1
            room["fields"]["version"] = str(version)
            room["expires"] = now + TTL
            return version

    def table(self, code, name, now):
        with self._lock:
            room = self._live(code, now)
            return None if room is None else dict(room["tables"].get(name, {}))

    def _recent(self, client, now):
        times = self._failures.get(client)
        if times is None:
            return deque()
        while times and times[0] <= now - WINDOW:
            times.popleft()
        return times

    def note_failure(self, client, now):
        with self._lock:
            times = self._recent(client, now)
            times.append(now)
            self._failures.pop(client, None)
            self._failures[client] = times  # re-inserted: the dict's order is least recent first
            while len(self._failures) > MAX_CLIENTS:
                del self._failures[next(iter(self._failures))]

    def failures(self, client, now):
        with self._lock:
            return list(self._recent(client, now))

    def announce(self, code):
        with self._lock:
            listeners = list(self._listeners)
        tell(listeners, code)

    def listen(self, callback):
        with self._lock:
            if callback not in self._listeners:
                self._listeners.append(callback)
