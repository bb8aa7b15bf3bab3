"""A workshop room under load: a presenter and N phones through join, answer and reveal, on one
replica or two behind HAProxy sharing Redis, with one replica killed mid-question if asked.

    python -m benchmarks.room_load --learners 60 --replicas 1 --json
    python -m benchmarks.room_load --learners 60 --replicas 2 --json
    python -m benchmarks.room_load --learners 60 --replicas 2 --kill --json

Run it from the repository's root, as a module. One replica is `streamlit run app.py` (rooms in
its memory); two are deploy/scale_out.py --redis (HAProxy with sticky cookies, one redis-server
on a free loopback port). Every client is a protocol-level browser tab (benchmarks.lib.loadclient):

1. 20 bystanders edit the explorer (benchmarks.lib.scenarios, every answer checked), no room.
2. The presenter opens presentation mode and a room; N learners open /?room=CODE (joining it),
   a few per second. Every page reruns its timed fragments at their interval, as the browser
   does (the presenter's live line each second, a learner's poll every few), and reads the reruns
   the server starts on its own (a learner's page at each of the presenter's moves).
3. Idle: everyone has joined and polls; the replicas' CPU is read from /proc for --idle seconds.
4. The presenter reveals step 1 and goes to step 2 (a number question); learners follow. The
   bystanders edit the explorer again meanwhile. Each learner answers once, at a random moment
   within --spread seconds of seeing the question. With --kill, halfway through, the replica that
   does not hold the presenter is killed (SIGKILL): its learners reconnect through HAProxy to the
   other, join again, and those who had not answered answer there.
5. When every learner has answered (or given up), the presenter reveals step 2; the learners
   close their pages and the bystanders edit once more, without the room.

It prints one JSON line (with --json; a short report otherwise):
  learners, answers_sent          answers the learners' pages confirmed ("Sent: …")
  answers_counted                 the presenter's live line after the reveal ("N of M answered")
  answers_in_store                with Redis, the room's answers table read from Redis directly
  p95_answer_to_presenter_s       from an answer's BackMsg to the end of the first presenter timer
                                  rerun that started after the answer's rerun finished (so its
                                  count includes it)
  p95_answer_run_s                the learner's own rerun that stores the answer, p95
  p95_follow_s                    from the presenter's "next" to each learner's page showing step 2
  idle_cpu_share                  CPU seconds per second of all replicas while the room waits
  idle_cpu_by_process             the same per replica, and HAProxy's and Redis's
  bystander_p95_s                 the bystanders' edit p95 in steps 1, 4 and 5 (in a process of
                                  their own, as other visitors' browsers are)
  bystander_p95_ratio             p95 during step 4 ÷ the mean of steps 1 and 5 (without the room,
                                  before and after: the machine's other work drifts)
  killed, reconnected             with --kill: the replica killed, learners that reconnected
  answers_before_kill, answers_after_kill
  answers_unconfirmed             answers whose rerun the killed replica never finished: stored or
                                  not, the learner answers again after reconnecting
  errors, bystander_errors        learners' problems; bystanders' (those on a killed replica stop)
--details FILE writes every timing (bystanders' edits, answers, follows, the presenter's timer),
in seconds from the presenter's move to step 2, to see where the time went.
Loopback only; every loop and wait is bounded.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.lib.deployment import one_replica, scaled_out
from benchmarks.lib.levels import run_level
from benchmarks.lib.report import percentile
from benchmarks.lib.room import DROPPED, Learner, Presenter
from benchmarks.lib.scenarios import SCENARIOS
from benchmarks.lib.server_stats import ProcWatch

STEP = 2  # the explorer's step 2: "what is the squared error here?" (a number question)
BYSTANDERS = 20


def cpu(pids):
    return {name: ProcWatch(pid).cpu_seconds() for name, pid in pids.items()}


def _bystanders(url, edits, seed):
    level = asyncio.run(
        run_level(url, [SCENARIOS["explorer"]], BYSTANDERS, edits, (0.5, 1.5), seed, timeout=60)
    )
    return [(e.sent, e.latency) for e in level.edits], level.errors


async def bystanders(pool, url, edits, seed):
    """BYSTANDERS explorer sessions, each `edits` edits 0.5–1.5 s apart: [(sent, latency)] (s).

    In a process of their own, as other visitors' browsers are: in this one they would wait for
    the learners' messages to be read, and their latency would be the client's.
    (time.perf_counter is the system's monotonic clock, the same in both processes.)
    """
    return await asyncio.get_running_loop().run_in_executor(pool, _bystanders, url, edits, seed)


async def warm(deployment):
    """Each replica's first runs (imports, first figures), straight to it: not measured."""
    for replica_url, _ in deployment.replicas.values():
        level = await run_level(replica_url, [SCENARIOS["explorer"]], 2, 2, (0, 0), 99, timeout=60)
        if level.errors:
            raise SystemExit(f"warming {replica_url} failed: {level.errors[:3]}")


class Beat:
    """The browser's timer of a fragment with run_every=1 s (setInterval): a tick each second from
    its start, whatever the reruns take; a rerun that overruns a tick delays it, never doubles it."""

    def __init__(self, interval=1.0):
        self.interval = interval
        self.next = time.perf_counter() + interval

    async def wait(self, meanwhile=None):
        """Until the next tick; meanwhile(until) (awaited) reads what comes in before it, if given."""
        if meanwhile is not None:
            await meanwhile(self.next)
        await asyncio.sleep(max(0.0, self.next - time.perf_counter()))
        self.next = max(self.next + self.interval, time.perf_counter())


class Room:
    """The room's run: the presenter, the learners, and the moments the orchestrator decides."""

    def __init__(self, url, args, deployment):
        self.url, self.args, self.deployment = url, args, deployment
        self.rng = random.Random(args.seed)
        self.presenter = Presenter(url)
        self.learners = []
        self.stop = asyncio.Event()
        self.question_at = None  # perf_counter when the presenter's "next" to step 2 finished
        self.killed = None  # (replica name, perf_counter)
        self.lock = asyncio.Lock()  # one rerun at a time on the presenter's page

    async def presenter_timer(self):
        beat = Beat()
        while not self.stop.is_set():
            await beat.wait()
            async with self.lock:
                await self.presenter.tick()

    async def press(self, key):
        async with self.lock:
            return await self.presenter.press(key)

    async def learner_life(self, learner, delay):
        """Join after `delay`, then: the reruns the server starts (the presenter's moves), the
        page's timer at its interval, and the answer when it is due (checked at least each second)."""
        await asyncio.sleep(delay)
        answer_at = None
        deadline = time.perf_counter() + self.args.timeout
        try:
            await learner.join()
        except DROPPED as exc:
            learner.errors.append(f"join: {type(exc).__name__}: {exc}")
            return
        beat, check = Beat(learner.poll_every), Beat(1.0)
        while not self.stop.is_set() and time.perf_counter() < deadline:
            try:
                await check.wait(learner.listen)
                if time.perf_counter() >= beat.next:
                    await beat.wait()
                    await learner.tick()
                if STEP in learner.followed and not learner.answers:
                    answer_at = answer_at or learner.followed[STEP] + self.rng.uniform(0.5, self.args.spread)
                    if time.perf_counter() >= answer_at:
                        value = round(self.rng.gauss(0.0275, 0.01), 4)  # the truth is 0.0275
                        if not await learner.answer(STEP, value):
                            learner.errors.append("an answer the page did not confirm")
                            answer_at = time.perf_counter() + 1.0
            except DROPPED as exc:
                if self.killed is None:
                    learner.errors.append(f"{type(exc).__name__}: {exc}")
                    return
                await self.reconnect(learner)

    async def reconnect(self, learner):
        try:
            await learner.reconnect()
        except DROPPED as exc:
            learner.errors.append(f"could not reconnect: {type(exc).__name__}: {exc}")

    def done(self):
        return all(lr.answers or lr.errors for lr in self.learners)

    async def wait_until(self, condition, seconds):
        deadline = time.perf_counter() + seconds
        while not condition() and time.perf_counter() < deadline:
            await asyncio.sleep(0.2)
        return condition()

    async def kill_later(self):
        await asyncio.sleep(self.args.spread / 2 + 0.5)
        pinned = self.presenter.session.cookies.get("lossviz_replica")
        (victim,) = [name for name in self.deployment.replicas if name != pinned][:1]
        os.kill(self.deployment.replicas[victim][1], signal.SIGKILL)
        self.killed = (victim, time.perf_counter())


def answer_latencies(learners, shown):
    """Per stored answer: from its BackMsg to the end of the first presenter timer rerun that started
    after the answer's rerun finished (that count includes it)."""
    out = []
    for lr in learners:
        for _, _, sent, finished, _ in lr.answers:
            later = [s.finished for s in shown if s.sent >= finished and s.answered is not None]
            out.append(min(later) - sent if later else None)
    return out


async def run(args, deployment):
    await warm(deployment)
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    before, before_errors = await bystanders(pool, deployment.url, args.edits, args.seed)

    room = Room(deployment.url, args, deployment)
    code = await room.presenter.open_room()
    timer = asyncio.create_task(room.presenter_timer())
    room.learners = [Learner(deployment.url, code, i) for i in range(args.learners)]
    lives = [
        asyncio.create_task(room.learner_life(lr, i / args.join_rate)) for i, lr in enumerate(room.learners)
    ]
    all_joined = await room.wait_until(
        lambda: room.presenter.counts()[1] == args.learners, args.learners / args.join_rate + 60
    )
    await asyncio.sleep(3.0)  # the last joins' reruns settle

    pids = deployment.replica_pids
    everyone = {**pids, **deployment.others}
    idle_before, idle_started = cpu(everyone), time.perf_counter()
    await asyncio.sleep(args.idle)
    idle_after, idle_wall = cpu(everyone), time.perf_counter() - idle_started
    idle = {name: (idle_after[name] - idle_before[name]) / idle_wall for name in everyone}

    during_task = asyncio.create_task(bystanders(pool, deployment.url, args.edits, args.seed + 1))
    await room.press("tour-reveal")  # step 1's numbers
    await room.press("tour-next")  # step 2: its question opens
    room.question_at = time.perf_counter()
    killer = asyncio.create_task(room.kill_later()) if args.kill else None
    await room.wait_until(room.done, args.spread + 60)
    if killer:
        await killer
    sent = sum(len(lr.answers) for lr in room.learners)
    await room.wait_until(lambda: (room.presenter.counts()[0] or 0) >= sent, 15)
    await room.press("tour-reveal")  # step 2's answers beside the truth
    async with room.lock:
        await room.presenter.tick()
    counted = room.presenter.counts()[0]
    during, during_errors = await during_task
    room.stop.set()
    await asyncio.gather(timer, *lives)
    for lr in room.learners:
        await lr.session.close()
    after, after_errors = await bystanders(pool, deployment.url, args.edits, args.seed + 2)
    pool.shutdown()

    in_store = None
    if deployment.redis_url:
        import redis  # only with Redis

        client = redis.Redis.from_url(deployment.redis_url)
        in_store = client.hlen(f"lossviz:room:{{{code}}}:answers:{STEP}")
        client.close()

    follows = [lr.followed[STEP] - room.question_at for lr in room.learners if STEP in lr.followed]
    latencies = answer_latencies(room.learners, room.presenter.shown)
    killed_at = room.killed[1] if room.killed else None
    stamps = [a[2] for lr in room.learners for a in lr.answers]
    p95_before, p95_during, p95_after = (percentile([x for _, x in b], 0.95) for b in (before, during, after))
    p95_without = (p95_before + p95_after) / 2 if p95_before and p95_after else None
    errors = [e for lr in room.learners for e in lr.errors]
    result = {
        "learners": args.learners,
        "replicas": len(deployment.replicas),
        "answers_sent": sent,
        "answers_counted": counted,
        "answers_in_store": in_store,
        "p95_answer_to_presenter_s": _round(percentile([x for x in latencies if x is not None], 0.95)),
        "answers_never_shown": sum(x is None for x in latencies),
        "p95_answer_run_s": _round(
            percentile([a[3] - a[2] for lr in room.learners for a in lr.answers], 0.95)
        ),
        "p95_follow_s": _round(percentile(follows, 0.95)),
        "followed": len(follows),
        "all_joined": all_joined,
        "idle_cpu_share": _round(sum(idle[name] for name in pids)),
        "idle_cpu_by_process": {name: _round(v) for name, v in idle.items()},
        "bystander_p95_s": [_round(p95_before), _round(p95_during), _round(p95_after)],
        "bystander_p95_ratio": _round(p95_during / p95_without) if p95_without and p95_during else None,
        "killed": room.killed[0] if room.killed else None,
        "reconnected": sum(lr.reconnects > 0 for lr in room.learners),
        "answers_before_kill": sum(s < killed_at for s in stamps) if killed_at else None,
        "answers_after_kill": sum(s >= killed_at for s in stamps) if killed_at else None,
        "answers_unconfirmed": sum(lr.unconfirmed for lr in room.learners),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "bystander_errors": len(before_errors) + len(during_errors) + len(after_errors),
        "load_average": os.getloadavg()[0],
    }
    zero = room.question_at
    details = {
        "bystanders_before": [(round(t - zero, 3), round(x, 3)) for t, x in before],
        "bystanders_during": [(round(t - zero, 3), round(x, 3)) for t, x in during],
        "bystanders_after": [(round(t - zero, 3), round(x, 3)) for t, x in after],
        "answers": [
            (round(a[2] - zero, 3), round(a[3] - a[2], 3), _round(x))
            for a, x in zip([a for lr in room.learners for a in lr.answers], latencies, strict=True)
        ],
        "follows": [round(x, 3) for x in follows],
        "presenter_ticks": [
            (round(s.sent - zero, 3), round(s.finished - s.sent, 3)) for s in room.presenter.shown
        ],
        "killed_at": _round(killed_at - zero) if killed_at else None,
        "learner_runs": _runs([r for lr in room.learners for r in lr.session.runs], zero),
    }
    return result, details


def _runs(runs, zero):
    """The learners' reruns by what asked for them and how they ended (a timer's that reran the
    whole page ends FINISHED_SUCCESSFULLY), with their bytes, from `zero` on."""
    out = {}
    for run in runs:
        if run.sent >= zero:
            key = f"{run.kind} {ForwardMsg.ScriptFinishedStatus.Name(run.status)}"
            count, size = out.get(key, (0, 0))
            out[key] = (count + 1, size + run.bytes)
    return out


def _round(x):
    return None if x is None else round(x, 3)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:5]),
    )
    parser.add_argument("--learners", type=int, default=60, help="phones in the room (60)")
    parser.add_argument(
        "--replicas", type=int, choices=(1, 2), default=1, help="1, or 2 behind HAProxy with Redis"
    )
    parser.add_argument("--kill", action="store_true", help="with 2 replicas: kill one mid-question")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds the idle CPU is measured (10)")
    parser.add_argument("--spread", type=float, default=12.0, help="seconds over which learners answer (12)")
    parser.add_argument("--join-rate", type=float, default=6.0, help="learners joining per second (6)")
    parser.add_argument("--edits", type=int, default=12, help="edits per bystander and phase (12)")
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds a learner may take in all (300)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument(
        "--details", type=Path, help="also write every timing here (s from the presenter's step 2)"
    )
    args = parser.parse_args(argv)
    if args.kill and args.replicas != 2:
        parser.error("--kill needs --replicas 2")
    if args.learners < 1:
        parser.error("--learners must be at least 1")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # unwinds through the servers' `finally`
    servers = one_replica() if args.replicas == 1 else scaled_out(2, redis=True)
    with servers as deployment:
        result, details = asyncio.run(run(args, deployment))
    if args.details:
        args.details.write_text(json.dumps({"result": result, **details}))
    if args.json:
        print(json.dumps(result), flush=True)
    else:
        for name, value in result.items():
            print(f"{name:>28}  {value}")


if __name__ == "__main__":
    main()
