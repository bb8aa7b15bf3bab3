"""Local scale-out: N `streamlit run app.py` replicas on loopback behind HAProxy with sticky sessions.

    python -m deploy.scale_out [--replicas 2] [--port 8080] [--run-dir DIR] [--redis]

Run it from the repository's root, as a module (it imports lossviz.server.launch, the one way
lossviz starts servers). Starts the replicas on free loopback ports, writes the `backend lossviz`
section naming them and starts HAProxy (Debian's /usr/sbin/haproxy) with deploy/haproxy/haproxy.cfg,
the same template the compose file deploys. With --redis it first starts Debian's redis-server on a
free loopback port (no persistence) and gives every replica its URL in LOSSVIZ_REDIS_URL, so that a
workshop room (lossviz.room) is shared by all replicas, as compose and Kubernetes deploy it. Once
every replica and the balancer answer /_stcore/health it prints

    redis redis://127.0.0.1:<port>/0 pid <pid>        (with --redis)
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
import socket
import sys
import tempfile
import time
from pathlib import Path

from lossviz.room import REDIS_URL_VARIABLE
from lossviz.server.launch import ROOT, StartError, free_port, spawn, stop, wait_healthy

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


def redis_command(redis_server, port):
    """Redis on a loopback port, in memory only: rooms live 4 h and need no disk.

    >>> redis_command("redis-server", 6390)
    ['redis-server', '--port', '6390', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
    """
    return [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]


def redis_answers(port):
    """Whether a Redis server on 127.0.0.1:port answers PING (its inline protocol)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(redis_server, run_dir, seconds=STARTUP_SECONDS):
    """redis-server on a free loopback port, once it answers: (process, its URL)."""
    port = free_port()
    proc = start(redis_command(redis_server, port), run_dir / "redis.log")
    deadline = time.monotonic() + seconds
    while not redis_answers(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop([proc])
            raise StartError(f"redis-server did not answer on port {port}; see {run_dir / 'redis.log'}")
        time.sleep(0.05)
    return proc, f"redis://127.0.0.1:{port}/0"


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


def start_replica(port, log_path, env=None):
    """One replica, in a session of its own; env: its environment (None: this one's).

    Linux schedules each session as one group (sched_autogroup) and shares the CPU fairly between
    groups: replicas in one session would share one group's share, while each container or pod of a
    real deployment has its own. On a busy machine, two replicas in one session got no more CPU than
    one (benchmarks/scale_load.py).
    """
    return start(replica_command(port), log_path, env=env, own_session=True)


def run(replicas, port, run_dir, haproxy, redis_server=None):
    replica_procs, procs = [], []
    try:
        replica_env = None
        if redis_server:
            redis_proc, redis_url = start_redis(redis_server, run_dir)
            procs.append(redis_proc)
            replica_env = dict(os.environ, **{REDIS_URL_VARIABLE: redis_url})
        ports = [free_port() for _ in range(replicas)]
        for i, replica_port in enumerate(ports, start=1):
            proc = start_replica(replica_port, run_dir / f"app{i}.log", replica_env)
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

        if redis_server:
            print(f"redis {redis_url} pid {redis_proc.pid}", flush=True)
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
    parser.add_argument(
        "--redis", action="store_true", help="share the rooms through a redis-server started on loopback"
    )
    parser.add_argument("--redis-server", default=shutil.which("redis-server") or "/usr/bin/redis-server")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="lossviz-scale-out-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # unwinds through run()'s `finally`
    try:
        run(args.replicas, args.port, run_dir, args.haproxy, args.redis_server if args.redis else None)
    except KeyboardInterrupt:
        pass
    except RuntimeError as e:
        sys.exit(f"scale_out: {e} (logs in {run_dir})")


if __name__ == "__main__":
    main()
