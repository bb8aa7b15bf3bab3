"""A presenter's move reaches the room's phones at once: each replica reruns the pages of its own
learners in that room, a few milliseconds apart, instead of waiting for their next poll.

Without it, every phone asks the room each second whether anything changed (a fragment's timer):
sixty phones are sixty script runs a second, each ~2 ms of the server's one Python thread, and
every other visitor's edit waits behind them. With it, the room's store announces each move
(lossviz.room.Store.announce: in this process, or through Redis to every replica); this module
hears it, finds this process's sessions that sit in that room (select), and reruns their pages
as Streamlit does when a source file changes. The phones still poll, rarely, to catch a nudge lost
to an outage.

The reruns are spread over at most SPREAD_S, SPACING_S apart: sixty full runs asked for in the
same instant would share the interpreter in 5 ms slices and all end late, and a visitor's edit
that arrives meanwhile would wait for the lot. A page in the middle of a run is tried again
RETRY_S later. `python -m benchmarks.room_load` measures it (docs/performance.md).
"""

import asyncio
import logging
import queue
import threading
import time
import weakref

from lossviz.server import internals

SPACING_S = 0.025  # between two pages' reruns: about twice one run's CPU, so others' edits find room
SPREAD_S = 1.5  # the whole room's reruns within this (a larger room gets a smaller spacing)
RETRY_S = 0.1  # a page in the middle of a run is tried again this much later
MAX_TRIES = 30  # … at most this many times (3 s): its next poll catches the move anyway
_LOGGER = logging.getLogger(__name__)


def spacing(count, gap=SPACING_S, spread=SPREAD_S):
    """Seconds between two of `count` reruns: `gap`, smaller when `count` would not fit in `spread`.

    >>> spacing(10), spacing(100), spacing(0)
    (0.025, 0.015, 0.025)
    """
    return min(gap, spread / count) if count else gap


class Pusher:
    """One thread per process that reruns the pages select(get, code) accepts, for each code given
    (get: internals.open_sessions's reader of a session's state)."""

    def __init__(
        self, select, sessions=internals.open_sessions, rerun=internals.rerun_page, sleep=time.sleep
    ):
        self.select, self._sessions, self._rerun, self._sleep = select, sessions, rerun, sleep
        self._codes = queue.SimpleQueue()
        self._thread = None
        self._lock = threading.Lock()

    def __call__(self, code):
        """A store's listener: queue `code`; its pages are rerun from this pusher's thread."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="lossviz-room-push", daemon=True)
                self._thread.start()
        self._codes.put(code)

    def _run(self):
        while True:
            for code in self._waiting():
                try:
                    self.push(code)
                except Exception:  # this move's nudge is lost (the pages' polls find it); not the next
                    _LOGGER.exception("pushing room %s's move failed", code)

    def _waiting(self):
        """The codes queued, each once, in order (waiting for the first): two moves of a room in
        quick succession rerun its pages once, as each rerun reads the room as it is then."""
        codes = [self._codes.get()]
        while not self._codes.empty():
            codes.append(self._codes.get())
        return list(dict.fromkeys(codes))

    def push(self, code):
        """Rerun the pages of room `code` in this process, spaced out: how many were asked for."""
        chosen = self._sessions(lambda state: self.select(state, code))
        gap = spacing(len(chosen))
        for i, session in enumerate(chosen):
            if i:
                self._sleep(gap)
            self._rerun(session, _retry_later())
        return len(chosen)


def _retry_later(tries=MAX_TRIES):
    """later(retry) for internals.rerun_page: on the session's event loop, retry again in RETRY_S,
    at most `tries` times."""
    left = [tries]

    def later(retry):
        if left[0] > 0:
            left[0] -= 1
            asyncio.get_running_loop().call_later(RETRY_S, retry)

    return later


_following = weakref.WeakSet()  # the stores whose moves this process follows


def follow_moves(store, select):
    """Once per store: for each room announced, rerun this process's pages that select(get, code)
    accepts (get(key): a session's st.session_state[key], or None)."""
    if store in _following:
        return
    store.listen(Pusher(select))
    _following.add(store)
