"""The room benchmark (benchmarks/room_load.py): how it times an answer reaching the presenter, and a
small room on two replicas with one killed, run as the benchmark runs (a process of its own).
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from benchmarks.lib.room import Learner, Shown
from benchmarks.room_load import answer_latencies

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def test_an_answer_reaches_the_presenter_at_the_first_timer_rerun_that_started_after_it():
    learner = Learner("http://127.0.0.1:9", "K7QXM", 0)
    learner.answers = [(2, 0.03, 10.0, 10.2, None)]  # sent at 10.0 s, stored by 10.2 s
    shown = [
        Shown(sent=9.9, finished=10.4, answered=0, joined=1),  # started before it was stored
        Shown(sent=10.9, finished=11.1, answered=1, joined=1),  # the first that includes it
        Shown(sent=11.9, finished=12.0, answered=1, joined=1),
    ]
    (latency,) = answer_latencies([learner], shown)
    assert latency == pytest.approx(11.1 - 10.0)  # by hand: its end minus the answer's BackMsg


def test_an_answer_no_presenter_rerun_followed_has_no_latency():
    learner = Learner("http://127.0.0.1:9", "K7QXM", 0)
    learner.answers = [(2, 0.03, 10.0, 10.2, None)]
    assert answer_latencies([learner], [Shown(sent=9.0, finished=9.1, answered=0, joined=1)]) == [None]


@pytest.mark.slow
def test_a_small_room_on_two_replicas_keeps_every_answer_when_one_is_killed():
    if not Path(HAPROXY).exists() or shutil.which("redis-server") is None:
        pytest.skip("needs Debian's haproxy and redis-server")
    command = [sys.executable, "-m", "benchmarks.room_load", "--learners", "4", "--replicas", "2", "--kill"]
    command += ["--idle", "1", "--edits", "2", "--spread", "4", "--json"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["learners"] == result["answers_sent"] == 4
    assert result["answers_counted"] == result["answers_in_store"] == 4  # the presenter's count, and Redis
    assert result["answers_before_kill"] + result["answers_after_kill"] == 4
    assert result["killed"] in ("app1", "app2") and result["reconnected"] == 2  # round robin: 2 per replica
    assert result["errors"] == 0, result["error_samples"]
