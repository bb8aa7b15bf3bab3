"""Scaling out pays: the load benchmark through HAProxy (benchmarks/scale_load.py) edits faster at two
replicas than at one, every edit's numbers are right, and the sessions are spread over both replicas.

The benchmark runs as a process of its own, so this test process (and any browser a test before it
left open) takes no CPU from the servers; it starts deploy/scale_out.py at 1 and at 2 replicas on
loopback and stops them when it ends.
"""

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # HAProxy and replicas at two sizes, three rounds of load

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
DELTA = 1e-7  # the article's δ in −log(y + δ)
EXPLORER_T = [0, 1, 0, 0]  # the explorer's default t, "0, 1, 0, 0", which the sessions keep
SESSIONS = 8
ROUNDS = 3
# One Streamlit process runs its scripts under one GIL: at one replica the server is the bottleneck
# at about one core, and a second replica can use the machine's second core (each replica runs in a
# scheduling group of its own, as a container would). Measured on this 2-core machine with these
# settings, as the mean over the three alternating rounds: 1.6× when little else ran; 1.26–1.79× in
# ten runs while other people's tests kept the load average at 5–14. HAProxy took 0.02 core and
# the benchmark's client 0.1–0.2. A second replica that added nothing would give 1.0× give or take
# the rounds' spread (±0.1 here); 1.2× tells the two apart and leaves room for a busy CI machine.
MIN_RATIO = 1.2


@pytest.fixture(scope="module")
def scale_run(tmp_path_factory):
    """benchmarks/scale_load.py at 1 and 2 replicas, three alternating rounds of 8 s each: its JSON."""
    if not Path(HAPROXY).exists():
        if os.environ.get("CI"):
            pytest.fail("HAProxy is missing: CI must `apt-get install -y haproxy`.")
        pytest.skip("Debian's haproxy is not installed (apt-get install -y haproxy)")
    out = tmp_path_factory.mktemp("scale_load") / "scale_load.json"
    command = [sys.executable, "-m", "benchmarks.scale_load", "--replicas", "1,2"]
    command += ["--sessions", str(SESSIONS), "--rounds", str(ROUNDS), "--duration", "8", "--timeout", "30"]
    command += ["--haproxy", HAPROXY, "--json", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
    print(done.stdout)  # the benchmark's table, shown by pytest when a test fails
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text())


def test_every_edit_through_the_balancer_shows_its_own_losses(scale_run):
    rows = scale_run["rows"]
    assert [r["replicas"] for r in rows] == [1, 2] * ROUNDS
    for row in rows:
        assert row["errors"] == []
        assert row["edits_timed"] >= 40, row["edits_timed"]  # enough edits to be a throughput
        for edit in row["edit_log"]:
            y = [float(v) for v in edit["y"].split(",")]
            # By the article's formulas: E = ½ Σ (y − t)², and −log(y_c + δ) with t one-hot on class 1.
            sse = 0.5 * sum((a - b) ** 2 for a, b in zip(y, EXPLORER_T, strict=True))
            cee = -math.log(y[1] + DELTA)
            shown = {label: (value, help_text) for label, value, help_text in edit["metrics"]}
            assert shown["Squared error (the article's MSE)"][0] == f"{sse:.4f}"
            assert shown["Cross-entropy error"][0] == f"{cee:.4f}"
            assert float(shown["Cross-entropy error"][1].removeprefix("= ")) == pytest.approx(cee, rel=1e-9)


def test_sessions_are_spread_over_both_replicas(scale_run):
    for row in scale_run["rows"]:
        spread = row["sessions_per_replica"]
        replicas = {edit["replica"] for edit in row["edit_log"]}
        if row["replicas"] == 1:
            assert spread == {"app1": SESSIONS}
            assert replicas == {"app1"}
        else:
            # Round robin hands each new session the next replica: half each, give or take a retry.
            assert set(spread) == {"app1", "app2"}
            assert min(spread.values()) >= SESSIONS // 4, spread
            assert replicas == {"app1", "app2"}
            assert all(row["cores_busy"][name] > 0.3 for name in spread), row["cores_busy"]


def test_two_replicas_edit_faster_than_one(scale_run):
    mean = {
        n: statistics.fmean(r["throughput"] for r in scale_run["rows"] if r["replicas"] == n) for n in (1, 2)
    }
    assert mean[2] > MIN_RATIO * mean[1], mean
