"""The process's memory budget for batch uploads: how much the sessions may hold at once, and who holds it.

One number bounds what the batch page makes the server hold: LOSSVIZ_MEMORY_BUDGET_MB (MiB), by
default DEFAULT_MB, sized from the pod's memory limit in deploy/k8s/deployment.yaml (POD_LIMIT_MB)
less what the server holds without uploads (SERVER_MB: ~200 MiB with 60 sessions, docs/performance.md)
and room for the short-lived copies a run makes (HEADROOM_MB: Streamlit copies an uploaded file
for each run of the page that holds it). Charged against it, by session:

- an uploaded file's bytes, from the moment Streamlit's upload store receives them (start() routes
  the store through admit_file). A file that would take what is held past the budget less
  READ_ROOM_MB is stored empty, and the page says at once that it was refused (refused());
- what reading a file allocates (its float64 table and the per-sample results), reserved before the
  read begins (reserve, which waits up to READ_WAIT_SECONDS for room, then refuses), MAX_READS
  reads at a time; READ_ROOM_MB is kept free of uploads so that reads go on while uploads fill the
  rest;
- a read's per-sample results, for as long as the session holds its file. A read that has
  waited READ_WAIT_SECONDS for room drops other sessions' results, the largest first, rather than
  be refused (their pages read their file again, or ask for it, when next drawn): room that other
  reads give back as they end (a file set aside once read) comes first.

A session's charges go when Streamlit lets its files go (the reader removes a file, the session
ends, or the janitor releases a closed session's uploads: lossviz.server.janitor). Nothing here
draws a widget or reads a file; the batch page (lossviz.ui.batch) calls it.
"""

import os
import threading
import time
from dataclasses import dataclass, field

from lossviz.server import internals

BUDGET_VARIABLE = "LOSSVIZ_MEMORY_BUDGET_MB"
POD_LIMIT_MB = 1536  # deploy/k8s/deployment.yaml, resources.limits.memory (1536Mi)
SERVER_MB = 256
HEADROOM_MB = 128
DEFAULT_MB = POD_LIMIT_MB - SERVER_MB - HEADROOM_MB
READ_ROOM_MB = 64  # kept free of uploads: one read of a 49 MB CSV (47 MB of numbers, 17 MB of results)
READ_WAIT_SECONDS = 30.0
MAX_READS = 2  # reads at once: each is one core's work, and every read held waits on the others
MIB = 1 << 20


def budget_mb(environ=os.environ):
    """The budget in MiB: LOSSVIZ_MEMORY_BUDGET_MB when it is a positive whole number, else DEFAULT_MB.

    >>> budget_mb({}), budget_mb({"LOSSVIZ_MEMORY_BUDGET_MB": "600"}), budget_mb({"LOSSVIZ_MEMORY_BUDGET_MB": "lots"})
    (1152, 600, 1152)
    """
    value = environ.get(BUDGET_VARIABLE, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MB


@dataclass
class Budget:
    """A ledger of bytes held by (session id, name), within `limit` bytes; an upload is admitted
    while everything held stays within `uploads`.

    Names: ("file", file_id) for an upload's bytes, ("read", file_id) while it is read,
    ("results", file_id) for what its read left. Thread-safe: uploads arrive on the server's event
    loop, reads run in the sessions' script threads.
    """

    limit: int
    uploads: int
    held: dict = field(default_factory=dict)  # (session id, name) -> bytes
    refused_files: dict = field(default_factory=dict)  # (session id, file id) -> bytes of a refused upload
    evictors: dict = field(default_factory=dict)  # (session id, name) -> drops what the charge is for
    _changed: threading.Condition = field(default_factory=threading.Condition)

    @classmethod
    def of_mb(cls, mb, read_room_mb=READ_ROOM_MB):
        """A Budget of `mb` MiB whose uploads leave read_room_mb MiB (at most half the budget) free."""
        return cls(mb * MIB, (mb - min(read_room_mb, mb // 2)) * MIB)

    def total(self, kind=None):
        """Bytes held, of names of one kind ("file", "read", "results") or of all."""
        with self._changed:
            return sum(n for (_, name), n in self.held.items() if kind in (None, name[0]))

    def admit_file(self, session_id, file_id, nbytes):
        """Charge an arriving upload of `nbytes`; False (and remembered as refused) if everything
        held would pass the uploads' share. A file arriving again under the same id replaces its
        charge."""
        key = (session_id, ("file", file_id))
        with self._changed:
            self.held.pop(key, None)
            if nbytes and sum(self.held.values()) + nbytes > self.uploads:
                self.refused_files[(session_id, file_id)] = nbytes
                self._changed.notify_all()
                return False
            self.refused_files.pop((session_id, file_id), None)
            if nbytes:
                self.held[key] = nbytes
            self._changed.notify_all()
            return True

    def refused(self, session_id, file_id):
        """The size of an upload that admit_file refused, or None."""
        with self._changed:
            return self.refused_files.get((session_id, file_id))

    def reserve(self, session_id, name, nbytes, wait=None):
        """Charge `nbytes` under `name` once they fit within the budget and fewer than MAX_READS
        reads are under way, waiting up to `wait` s
        (None: READ_WAIT_SECONDS) for other charges to go, then dropping other sessions' results;
        False if they never fit (nothing is charged then)."""
        deadline = time.monotonic() + (READ_WAIT_SECONDS if wait is None else wait)
        with self._changed:
            while sum(self.held.values()) + nbytes > self.limit or self._reads() >= MAX_READS:
                now = time.monotonic()
                if now >= deadline:  # the last resort before a refusal
                    if self._reads() < MAX_READS and self._room(session_id, nbytes):
                        break
                    return False
                self._changed.wait(deadline - now)
            self.held[(session_id, name)] = self.held.get((session_id, name), 0) + nbytes
            return True

    def _reads(self):
        return sum(1 for _, name in self.held if name[0] == "read")

    def _room(self, session_id, nbytes):
        """Whether `nbytes` fit, once other sessions' evictable charges are dropped, the largest
        first, as far as needed (called with the lock held)."""
        while sum(self.held.values()) + nbytes > self.limit:
            others = [(self.held[k], k) for k in self.evictors if k[0] != session_id and k in self.held]
            if not others:
                return False
            _, key = max(others)
            self.evictors.pop(key)()
            del self.held[key]
        return True

    def charge(self, session_id, name, nbytes, evict=None):
        """Charge what is already allocated (a read's results), within the budget or not.
        evict: a function that drops it, which a read of another session may call to make room."""
        with self._changed:
            self.held[(session_id, name)] = nbytes
            if evict is not None:
                self.evictors[(session_id, name)] = evict

    def release(self, session_id, *names):
        """Let go of these names' charges (and of their refusals, for ("file", id) names)."""
        with self._changed:
            for name in names:
                self.held.pop((session_id, name), None)
                self.evictors.pop((session_id, name), None)
                if name[0] == "file":
                    self.refused_files.pop((session_id, name[1]), None)
            self._changed.notify_all()

    def release_file(self, session_id, file_id):
        """Let go of everything charged for one file: its bytes, a read under way, its results."""
        self.release(session_id, ("file", file_id), ("read", file_id), ("results", file_id))

    def release_session(self, session_id):
        """Let go of every charge and refusal of a session."""
        with self._changed:
            for key in [k for k in self.held if k[0] == session_id]:
                del self.held[key]
            for key in [k for k in self.evictors if k[0] == session_id]:
                del self.evictors[key]
            for key in [k for k in self.refused_files if k[0] == session_id]:
                del self.refused_files[key]
            self._changed.notify_all()


BUDGET = Budget.of_mb(budget_mb())
# st.file_uploader returns a copy of its file, bytes and all, on every run of its page: taken one
# at a time per process, the copies of a class's reruns never pile up (twenty 49 MB files each
# copied at once were ~1 GB more, for a moment, than the uploads themselves).
COPYING = threading.Lock()

_started = threading.Lock()


def start(budget=BUDGET):
    """Route the running server's upload store through `budget` (once per server; outside a server,
    as under AppTest, there is no store to route and reads are still reserved)."""
    with _started:
        internals.route_uploads(budget.admit_file, budget.release_file, budget.release_session)
