"""Servers for a benchmark: one replica (lossviz.server.launch) or N behind HAProxy (deploy/scale_out.py).

    with one_replica() as d: ...                 # d.url is the replica; rooms in its memory
    with scaled_out(2, redis=True) as d: ...     # d.url is HAProxy; rooms in a shared redis-server

A Deployment names every process it started (replicas, balancer, Redis) with its pid, so that a
benchmark can read their CPU from /proc or kill one replica. Everything is on loopback; every
process is stopped when the block ends.
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lossviz.server.launch import ROOT, serving

STOP_SECONDS = 30


@dataclass
class Deployment:
    url: str  # where browsers connect: the replica, or the balancer
    replicas: dict  # replica name -> (url, pid)
    balancer_pid: int | None = None
    redis_url: str | None = None
    redis_pid: int | None = None
    run_dir: Path | None = None
    others: dict = field(default_factory=dict)  # name -> pid of the processes that are not replicas

    @property
    def replica_pids(self):
        return {name: pid for name, (_, pid) in self.replicas.items()}


@contextlib.contextmanager
def one_replica(log=None):
    """`streamlit run app.py` as a deployed replica runs it (no file watcher), rooms in its memory."""
    with serving(ROOT / "app.py", "--server.fileWatcherType", "none", log=log) as (proc, url):
        yield Deployment(url, {"app1": (url, proc.pid)})


def _parse(lines):
    """scale_out.py's lines: redis <url> pid <pid> / replica <name> <url> pid <pid> /
    balancer <url> pid <pid> stats <socket>."""
    words = [line.split() for line in lines]
    replicas = {w[1]: (w[2], int(w[4])) for w in words if w[0] == "replica"}
    (balancer,) = [w for w in words if w[0] == "balancer"]
    redis = [w for w in words if w[0] == "redis"]
    deployment = Deployment(balancer[1], replicas, int(balancer[3]))
    if redis:
        deployment.redis_url, deployment.redis_pid = redis[0][1], int(redis[0][3])
        deployment.others["redis"] = deployment.redis_pid
    deployment.others["haproxy"] = deployment.balancer_pid
    return deployment


@contextlib.contextmanager
def scaled_out(replicas, *, redis=False, run_dir=None):
    """python -m deploy.scale_out with `replicas` replicas (and --redis) on free loopback ports."""
    run_dir = run_dir or Path(tempfile.mkdtemp(prefix="lossviz-bench-scale-out-"))
    command = [sys.executable, "-m", "deploy.scale_out", "--replicas", str(replicas), "--port", "0"]
    command += ["--run-dir", str(run_dir)] + (["--redis"] if redis else [])
    # Its own process group: whatever happens to scale_out.py, its processes can be found and stopped.
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        lines = []
        for line in proc.stdout:  # scale_out.py gives up by itself after its startup deadline
            if line.strip() == "ready":
                break
            lines.append(line)
        else:
            raise RuntimeError(f"deploy/scale_out.py did not get ready; logs in {run_dir}")
        deployment = _parse(lines)
        deployment.run_dir = run_dir
        yield deployment
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # only the group scale_out.py leads
        proc.wait()
