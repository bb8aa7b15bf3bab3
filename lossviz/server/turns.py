"""Page runs take turns: one full run of a page at a time per server process, in (about) the order
they arrive, none waiting longer than MAX_WAIT_SECONDS.

Why: every session's script runs in its own thread, and Python runs one thread at a time. When a
room of 60 opens the link in the same instant, 60 first runs (~10 ms of Python each) share the
interpreter in 5 ms slices, so all of them finish near the end, ~0.6 s later, and every learner
waits that long. Taking turns, the first learner has the page after ~10 ms and the median learner
after half the time; the last one waits as before, and the work done is the same (a page's run is
pure Python: nothing is lost by not overlapping them). `python -m benchmarks.load` and
`python -m benchmarks.burst` measure it (docs/performance.md): 60 sessions opening at once, median
first page 2.3x the bare app's without turns, 1.6-2.1x with them (five runs); the last page arrives
about when it did.

Only runs that are short and bounded take turns: the explorer's and the lab's (their inputs are
capped, lossviz.inputs.parsing), and on the batch page the simulated sample's results, below the
page's frame and source switch (turn_for_source). A pasted or uploaded batch does not: reading an
upload may take seconds, and nobody should wait behind it. The wait is bounded anyway: after
MAX_WAIT_SECONDS a run goes ahead beside the holder, as without turns. Fragment runs (an edit of
t or y on the explorer, a chart option) do not take turns: they are short, and they are what a
learner waits for while typing.
"""

import threading
from contextlib import contextmanager, nullcontext

MAX_WAIT_SECONDS = 0.5
PAGES_OUT_OF_TURN = frozenset({"batch"})  # url paths whose runs may take seconds (uploads)
SOURCES_IN_TURN = frozenset({"sample"})  # the batch page's sources whose runs are short and bounded

_turn = threading.Lock()  # one per process: this module is imported once, app.py is rerun


@contextmanager
def taking_turns(max_wait=MAX_WAIT_SECONDS):
    """Run the body when no other page run is in it, or after max_wait seconds anyway.

    Yields whether the turn was had (False: waited max_wait and ran beside the holder). The turn is
    given back however the body ends (a rerun or stop Streamlit raises into the script included).
    """
    had = _turn.acquire(timeout=max_wait)
    try:
        yield had
    finally:
        if had:
            _turn.release()


def turn_for(url_path):
    """The turn a run of the page at url_path takes: none for PAGES_OUT_OF_TURN."""
    return nullcontext(False) if url_path in PAGES_OUT_OF_TURN else taking_turns()


def turn_for_source(source):
    """The turn the batch page's results take for this source: the sample's (simulated, bounded by
    the link's ranges) take turns as the explorer's runs do; a paste or an upload does not."""
    return taking_turns() if source in SOURCES_IN_TURN else nullcontext(False)
