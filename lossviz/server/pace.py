"""Reruns at a reader's pace: no session runs its script more than RATE times a second on average,
however fast its browser asks.

A reader's edits come a few a second at most (a slider let go, a vector typed, a drag ended, a
room's one-second timer). A client that asks for hundreds a second on one websocket would keep a
script thread running without a pause, and one process runs one thread of Python at a time (the
GIL): every other session's edits would wait behind it. HAProxy cannot see those requests (they
are websocket messages inside one connection); the server can.

Each session has a bucket of BURST runs that refills at RATE a second. A rerun asked for while its
bucket is empty is held, not run; when the bucket has a run again, the latest request held runs.
A rerun carries the whole page's widget state, so the latest one says everything the earlier
ones said. Fragment timers and Streamlit's own reruns (no client state) pass as they come.
`python -m benchmarks.crowd flood` measures it (docs/performance.md).
"""

import os
import threading
import time

from lossviz.server import internals

RATE_VARIABLE = "LOSSVIZ_RERUNS_PER_SECOND"  # 0 turns pacing off (benchmarks/crowd.py compares)
RATE = 8.0  # runs a second, on average
BURST = 16  # runs at once after a pause: far more than a reader's clicks
MAX_BUCKETS = 10_000  # full buckets are forgotten beyond this many sessions


class Buckets:
    """A token bucket per session id: wait(id) takes a run, or says how long until one is there."""

    def __init__(self, rate=RATE, burst=BURST, clock=time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets = {}  # session id -> (runs available, when counted)
        self._lock = threading.Lock()

    def wait(self, session_id):
        """0 and one run taken, if the session has one; else the seconds until it has one.

        >>> clock = iter([0.0, 0.0, 0.0, 0.1]).__next__
        >>> b = Buckets(rate=10, burst=2, clock=clock)
        >>> b.wait("s"), b.wait("s"), round(b.wait("s"), 3), b.wait("s")
        (0.0, 0.0, 0.1, 0.0)
        """
        with self._lock:
            now = self.clock()
            runs, then = self._buckets.get(session_id, (self.burst, now))
            runs = min(self.burst, runs + (now - then) * self.rate)
            if len(self._buckets) > MAX_BUCKETS:
                self._forget_full(now)
            if runs >= 1:
                self._buckets[session_id] = (runs - 1, now)
                return 0.0
            self._buckets[session_id] = (runs, now)
            return (1 - runs) / self.rate

    def _forget_full(self, now):
        for session_id, (runs, then) in list(self._buckets.items()):
            if runs + (now - then) * self.rate >= self.burst:
                del self._buckets[session_id]


BUCKETS = Buckets()


def rate(environ=os.environ):
    """Runs a second: LOSSVIZ_RERUNS_PER_SECOND when it is a number ≥ 0, else RATE.

    >>> rate({}), rate({"LOSSVIZ_RERUNS_PER_SECOND": "0"}), rate({"LOSSVIZ_RERUNS_PER_SECOND": "fast"})
    (8.0, 0.0, 8.0)
    """
    try:
        value = float(environ.get(RATE_VARIABLE, RATE))
    except ValueError:
        return RATE
    return value if value >= 0 else RATE


def start(buckets=BUCKETS):
    """Pace every session's reruns through `buckets`, once per process (not at all at a rate of 0)."""
    if rate() > 0:
        buckets.rate = rate()
        internals.pace_reruns(buckets.wait)
