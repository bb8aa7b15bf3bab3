"""A workshop room (lossviz.ui.room) spoken at the protocol level: the presenter's page and learners' phones.

    presenter = Presenter(url); code = await presenter.open_room()
    learner = Learner(url, code, i); await learner.join()
    await learner.tick()                           # what the page's timers do
    await learner.listen(until)                    # the reruns the server starts (a room's move)
    await learner.answer(step, value)              # the number box of the step's question, sent

Both keep a loadclient.Session and rerun its timed fragments (st.fragment(run_every=…)) when
`tick` is called, as the browser's timers do; a learner follows the presenter by the reruns the
server starts on its own at each move (read by `listen`), and through its own rare poll fragment,
which reruns the page when what it draws changed. The presenter's live line
("N of M answered") is read from its page (`shown_counts`). A learner whose websocket closed
reconnects as the frontend does (loadclient.Session.reconnect): through a balancer, to a live
replica, in a new server session, with its URL (?room=CODE) joining the room again.
"""

import asyncio
import re
import time
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed

from benchmarks.lib.loadclient import ProtocolError, Session

COUNTS = re.compile(r"(\d+) of (\d+) answered")  # the presenter's live line (room_ui.answered, en)
SENT = "Sent:"  # a learner's caption once their answer is stored (room_ui.sent, en)
NUMBER_BOX = "room-number-{step}"  # lossviz.ui.room_panel: a number question's box and its form
SUBMIT = "FormSubmitter:room-form-{step}-Send"
DROPPED = (ConnectionClosed, ProtocolError, OSError)  # a page whose server went away


def texts(session):
    """Every Markdown, caption and plain text the page shows, in page order, Markdown's escapes undone."""
    return [
        re.sub(r"\\(.)", r"\1", e.proto.body) if e.kind == "markdown" else e.proto.body
        for _, e in session.ordered()
        if e.kind in ("markdown", "text")
    ]


def shows(session, key):
    """Whether the page has the widget keyed `key`."""
    try:
        session.widget(key)
    except ProtocolError:
        return False
    return True


async def tick(session):
    """Rerun each timed fragment of the page once, in turn (a browser's timers, one second apart)."""
    runs = []
    for fragment_id in list(session.auto_reruns):
        runs.append(await session.tick(fragment_id))
    return runs


@dataclass
class Shown:
    """One of the presenter's timer reruns: sent and finished (perf_counter), and the counts it showed."""

    sent: float
    finished: float
    answered: int | None
    joined: int | None


class Presenter:
    """The presenter's page: presentation mode on the explorer's step 1, then "Open a room"."""

    def __init__(self, url, timeout=60.0):
        self.session = Session(url, "", "present=1&step=1", timeout=timeout)
        self.shown = []  # a Shown per timer rerun

    @property
    def code(self):
        return dict(p.split("=", 1) for p in self.session.query.split("&") if "=" in p).get("room")

    async def open_room(self):
        run = await self.session.open()
        if run.errors:
            raise ProtocolError(f"the presenter's page failed: {run.errors}")
        await self.session.click("room-open")
        if not self.code:
            raise ProtocolError("no room code in the presenter's link after Open a room")
        return self.code

    def counts(self):
        """(answered, joined) of the live line now on the page, (None, None) without one."""
        for body in texts(self.session):
            found = COUNTS.search(body)
            if found:
                return int(found[1]), int(found[2])
        return None, None

    async def tick(self):
        for fragment_id in list(self.session.auto_reruns):
            run = await self.session.tick(fragment_id)
            self.shown.append(Shown(run.sent, run.finished, *self.counts()))

    async def press(self, key):
        """Press a button of the slide (tour-reveal, tour-next, room-lock …)."""
        return await self.session.click(key)


@dataclass
class Learner:
    """One phone: joins by ?room=CODE and follows; answers the number question of a step."""

    url: str
    code: str
    index: int
    timeout: float = 60.0
    session: Session = None
    followed: dict = field(default_factory=dict)  # step -> perf_counter when the page first showed its box
    answers: list = field(default_factory=list)  # (step, value, sent, finished, replica) of stored answers
    reconnects: int = 0
    unconfirmed: int = 0  # answers sent whose page never answered (a replica died meanwhile)
    errors: list = field(default_factory=list)

    def __post_init__(self):
        self.session = Session(self.url, "", f"room={self.code}", timeout=self.timeout)

    @property
    def replica(self):
        return self.session.cookies.get("lossviz_replica")

    def _seen(self):
        for step in range(1, 14):
            if step not in self.followed and shows(self.session, NUMBER_BOX.format(step=step)):
                self.followed[step] = time.perf_counter()

    async def join(self):
        run = await self.session.open()
        self.errors += run.errors
        self._seen()
        return run

    async def tick(self):
        runs = await tick(self.session)
        for run in runs:
            self.errors += run.errors
        self._seen()

    @property
    def poll_every(self):
        """Seconds between the page's timer reruns (its poll fragment's run_every), 1 without one."""
        return max(self.session.auto_reruns.values(), default=1.0)

    async def listen(self, until):
        """Read the page's reruns the server starts on its own until the perf_counter `until`,
        noting when each step's box first shows."""
        await self.session.listen(until, self._seen)

    async def reconnect(self, tries=20, pause=0.5):
        """Reconnect as the frontend does, trying again `pause` s apart: a replica killed a moment
        ago may still accept a connection and drop it (HAProxy then answers 502)."""
        self.reconnects += 1
        for attempt in range(tries):
            try:
                run = await self.session.reconnect()
                break
            except DROPPED:
                if attempt == tries - 1:
                    raise
                await asyncio.sleep(pause)
        self.errors += run.errors
        self._seen()

    async def answer(self, step, value):
        """Type `value` into the step's box and press Send: True if the page then says it was sent."""
        await self.session.settle()  # a page being redrawn by the server has no box yet
        self.session.set_value(NUMBER_BOX.format(step=step), value)
        try:
            run = await self.session.click(SUBMIT.format(step=step))
        except DROPPED:
            self.unconfirmed += 1  # sent, but the server went away before the page said so
            raise
        self.errors += run.errors
        stored = any(body.startswith(SENT) for body in texts(self.session))
        if stored:
            self.answers.append((step, value, run.sent, run.finished, self.replica))
        return stored
