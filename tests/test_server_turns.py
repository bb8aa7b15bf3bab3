"""Page runs take turns (lossviz.server.turns): one at a time, a bounded wait, the turn always given back.

No timing is asserted: the order of events is, with waits long enough never to expire on a slow
machine unless the test means them to (benchmarks/load.py and burst.py measure what turns do to a burst).
"""

import threading

import pytest
from conftest import APP
from streamlit.testing.v1 import AppTest

from lossviz.server import turns

LONG = 30.0  # seconds: a wait that never expires in these tests unless the turn is never given back


def run_in_thread(body):
    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    return thread


def test_a_second_run_starts_only_when_the_first_has_ended():
    order, first_inside, let_first_go = [], threading.Event(), threading.Event()

    def first():
        with turns.taking_turns(LONG) as had:
            order.append(("first in", had))
            first_inside.set()
            let_first_go.wait(LONG)
            order.append(("first out", had))

    def second():
        first_inside.wait(LONG)
        with turns.taking_turns(LONG) as had:
            order.append(("second in", had))

    a, b = run_in_thread(first), run_in_thread(second)
    first_inside.wait(LONG)
    # The second is waiting for the turn now (or about to): whatever it does, it cannot get in
    # before the first lets go, which happens only here.
    let_first_go.set()
    a.join(LONG)
    b.join(LONG)
    assert order == [("first in", True), ("first out", True), ("second in", True)]


def test_the_wait_is_bounded_and_then_the_run_goes_ahead_beside_the_holder():
    holder_inside, let_holder_go = threading.Event(), threading.Event()

    def holder():
        with turns.taking_turns(LONG):
            holder_inside.set()
            let_holder_go.wait(LONG)

    thread = run_in_thread(holder)
    holder_inside.wait(LONG)
    try:
        with turns.taking_turns(max_wait=0.05) as had:
            assert had is False  # ran without the turn, while the holder still had it
    finally:
        let_holder_go.set()
        thread.join(LONG)
    with turns.taking_turns(LONG) as had:  # the holder gave it back; a run without it gave nothing
        assert had is True


class Rerun(Exception):
    """Like Streamlit's RerunException: raised into the script in the middle of a run."""


def test_the_turn_is_given_back_when_the_run_is_interrupted():
    with pytest.raises(Rerun), turns.taking_turns(LONG):
        raise Rerun
    assert not turns._turn.locked()


@pytest.mark.parametrize(
    ("url_path", "takes_turns"), [("", True), ("explorer", True), ("lab", True), ("batch", False)]
)
def test_only_pages_with_bounded_runs_take_turns(url_path, takes_turns):
    """The explorer and the lab hold the turn while they run; the batch page (uploads: a run may take
    seconds) neither holds it nor waits for it."""
    with turns.turn_for(url_path) as had:
        assert had is takes_turns
        assert turns._turn.locked() is takes_turns
    assert not turns._turn.locked()


def test_a_page_run_and_an_edit_give_the_turn_back():
    """After the explorer's full run, an edit (a fragment run) and a bad y, the next run can start at once."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception and not turns._turn.locked()
    for y in ("0.7, 0.1, 0.1, 0.1", "0.7, oops"):
        at.text_input(key="y").set_value(y).run()
        assert not at.exception and not turns._turn.locked()


@pytest.mark.parametrize(("source", "takes_turns"), [("sample", True), ("paste", False), ("upload", False)])
def test_only_the_batch_pages_sample_takes_turns(source, takes_turns):
    """The simulated sample's results are short and bounded: they hold the turn; reading a paste or
    an upload may take seconds: it neither holds the turn nor waits for it."""
    with turns.turn_for_source(source) as had:
        assert had is takes_turns
        assert turns._turn.locked() is takes_turns
    assert not turns._turn.locked()


class RecordingLock:
    """The turn's lock, recording each time it is taken and given back."""

    def __init__(self, events):
        self.lock, self.events = threading.Lock(), events

    def acquire(self, timeout=-1):
        had = self.lock.acquire(timeout=timeout)
        self.events.append("taken" if had else "not had")
        return had

    def release(self):
        self.events.append("given back")
        self.lock.release()

    def locked(self):
        return self.lock.locked()


@pytest.mark.parametrize(("source", "expected"), [("sample", ["taken", "given back"]), ("paste", [])])
def test_the_batch_pages_sample_takes_its_turn_and_gives_it_back(monkeypatch, source, expected):
    """A full run of the batch page with the sample takes the turn once and gives it back; with the
    paste boxes it never touches it. Its results are on the page either way."""
    events = []
    monkeypatch.setattr(turns, "_turn", RecordingLock(events))
    at = AppTest.from_string("from lossviz.ui.batch import main\nmain()\n", default_timeout=60)
    at.query_params["lang"] = "en"
    at.query_params["source"] = source
    at.run()
    assert not at.exception and not at.error
    assert events == expected and not turns._turn.locked()
    assert at.metric if source == "sample" else at.text_area(key="batch_y")
