"""Local scale-out: N `streamlit run app.py` replicas on loopback behind HAProxy with sticky sessions.

    python -m deploy.scale_out [--replicas 2] [--port 8080] [--run-dir DIR]

Run it from the repository's root, as a module (it imports lossviz.server.launch, the one way
lossviz starts servers). Starts the replicas on free loopback ports, writes the `backend lossviz`
section naming them and starts HAProxy (Debian's /usr/sbin/haproxy) with deploy/haproxy/haproxy.cfg,
the same template the compose file deploys. Once every replica and the balancer answer /_stcore/health it prints

    replica app1 http://127.0.0.1:<port> pid <pid>    (one line per replica)
    balancer http://127.0.0.1:8080 pid <pid> stats <socket>
    ready

Point a browser, or the load benchmark (python -m benchmarks.load takes a base URL), at the
balancer line's URL. Runs until Ctrl-C or SIGTERM, then stops every process it started; if it is killed,
they get SIGTERM from the kernel. Each replica runs in a session of its own, which Linux
schedules like a container of its own. Logs and the generated backend are in the run directory.
"""

import argparse
import ctypes
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from lossviz.server.launch import ROOT, free_port, spawn, stop, wait_healthy

TEMPLATE = ROOT / "deploy" / "haproxy" / "haproxy.cfg"
STARTUP_SECONDS = 90
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def replica_command(port, address="127.0.0.1", python=sys.executable):
    """The command of one replica; deploy/Dockerfile runs the same (a test compares them).

    A deployed replica never reloads its source, so it watches no files.
    """
    return [
        python,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless=true",
        "--server.fileWatcherType=none",
        f"--server.address={address}",
        f"--server.port={port}",
    ]


def local_backend(ports):
    """The `backend lossviz` section for replicas app1..appN on these loopback ports."""
    servers = [f"    server app{i} 127.0.0.1:{port} cookie app{i}\n" for i, port in enumerate(ports, start=1)]
    return "backend lossviz\n" + "".join(servers)


def haproxy_command(haproxy, backend_file):
    """HAProxy in the foreground with the shared template and a backend file."""
    return [haproxy, "-db", "-f", str(TEMPLATE), "-f", str(backend_file)]


def start(command, log_path, env=None, own_session=False):
    """Start a process logging to log_path, which dies with this script; own_session: in a session
    of its own (see start_replica)."""
    return spawn(command, log_path, env=env, start_new_session=own_session, preexec_fn=_die_with_parent)


def _die_with_parent():
    """In the child before exec: SIGTERM when this script dies, however it dies (Linux)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_replica(port, log_path):
    """One replica, in a session of its own.

    Linux schedules each session as one group (sched_autogroup) and shares the CPU fairly between
    groups: replicas in one session would share one group's share, while each container or pod of a
    real deployment has its own. On a busy machine, two replicas in one session got no more CPU than
    one (benchmarks/scale_load.py).
    """
    return start(replica_command(port), log_path, own_session=True)


def run(replicas, port, run_dir, haproxy):
    replica_procs, procs = [], []
    try:
        ports = [free_port() for _ in range(replicas)]
        for i, replica_port in enumerate(ports, start=1):
            proc = start_replica(replica_port, run_dir / f"app{i}.log")
            procs.append(proc)
            replica_procs.append((f"app{i}", proc, f"http://127.0.0.1:{replica_port}"))
        wait_healthy(replica_procs, STARTUP_SECONDS)

        backend = run_dir / "backend.cfg"
        backend.write_text(local_backend(ports))
        port = port or free_port()
        stats = run_dir / "haproxy.sock"
        env = dict(os.environ, LOSSVIZ_BIND=f"127.0.0.1:{port}", LOSSVIZ_STATS_SOCKET=str(stats))
        balancer = start(haproxy_command(haproxy, backend), run_dir / "haproxy.log", env)
        procs.append(balancer)
        url = f"http://127.0.0.1:{port}"
        wait_healthy([("haproxy", balancer, url)], STARTUP_SECONDS)

        for name, proc, replica_url in replica_procs:
            print(f"replica {name} {replica_url} pid {proc.pid}", flush=True)
        print(f"balancer {url} pid {balancer.pid} stats {stats}", flush=True)
        print("ready", flush=True)

        exited = set()
        while balancer.poll() is None:
            for name, proc, _ in replica_procs:
                if proc.poll() is not None and name not in exited:
                    exited.add(name)
                    print(f"replica {name} exited with code {proc.returncode}", flush=True)
            time.sleep(0.5)
        raise RuntimeError(f"haproxy exited with code {balancer.returncode}; see {run_dir / 'haproxy.log'}")
    finally:
        stop(procs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="how many Streamlit processes (default 2)")
    parser.add_argument(
        "--port", type=int, default=8080, help="the balancer's loopback port; 0 picks a free one"
    )
    parser.add_argument(
        "--run-dir", type=Path, help="logs, backend file and stats socket (default: a new temp dir)"
    )
    parser.add_argument("--haproxy", default=shutil.which("haproxy") or "/usr/sbin/haproxy")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="lossviz-scale-out-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # unwinds through run()'s `finally`
    try:
        run(args.replicas, args.port, run_dir, args.haproxy)
    except KeyboardInterrupt:
        pass
    except RuntimeError as e:
        sys.exit(f"scale_out: {e} (logs in {run_dir})")


if __name__ == "__main__":
    main()
