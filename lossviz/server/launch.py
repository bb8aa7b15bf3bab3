"""Start a Streamlit server: the one way the tests, the benchmarks and deploy/scale_out.py do it.

    with serving(ROOT / "app.py", "--server.disconnectedSessionTTL", "2", log=path) as (proc, url):
        ...  # url answers /_stcore/health; the server is stopped when the block ends

`python -m streamlit run SCRIPT --server.headless true --server.port <free> --server.address
127.0.0.1 [options…]` from the repository's root, polled on /_stcore/health until it answers,
SIGTERM at the end (SIGKILL after STOP_SECONDS). The pieces (free_port, spawn, wait_healthy,
stop) serve what starts several processes at once, as deploy/scale_out.py does. Standard library
only: the server is another process, and nothing here imports Streamlit.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# glibc gives threads up to 8 malloc arenas per core, and what a session's script thread frees
# stays scattered over its arena: 20 sessions that read a 49 MB upload each left the server 42 MiB
# above its start once everything was freed, 7 MiB with two arenas (python -m benchmarks.crowd
# uploads). deploy/Dockerfile sets the same.
SERVER_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2"}
HEALTH = "/_stcore/health"
STARTUP_SECONDS = 60.0
STOP_SECONDS = 10.0


class StartError(RuntimeError):
    """A server exited, or did not answer its health check in time."""


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def streamlit_command(script, port, *options, python=sys.executable):
    """The command that serves `script` on 127.0.0.1:port.

    >>> streamlit_command("app.py", 8501, "--server.runOnSave", "false", python="python")[2:]
    ['streamlit', 'run', 'app.py', '--server.headless', 'true', '--server.port', '8501', '--server.address', '127.0.0.1', '--server.runOnSave', 'false']
    """
    return [python, "-m", "streamlit", "run", str(script), "--server.headless", "true"] + [
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        *options,
    ]


def server_environment(env=None):
    """`env` (None: this process's environment) with SERVER_ENVIRONMENT's settings where it has none.

    >>> server_environment({"MALLOC_ARENA_MAX": "4"})["MALLOC_ARENA_MAX"], server_environment({})
    ('4', {'MALLOC_ARENA_MAX': '2'})
    """
    return {**SERVER_ENVIRONMENT, **(os.environ if env is None else env)}


def spawn(command, log=None, **popen):
    """Start `command` in the repository's root, its output (both streams) in the file `log`
    (None: discarded); popen: more subprocess.Popen arguments (env, start_new_session, …). Its
    environment is server_environment(env)."""
    popen["env"] = server_environment(popen.get("env"))
    if log is None:
        return subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **popen
        )
    with open(log, "w") as out:
        return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, **popen)


def healthy(url):
    """Whether the server at url answers its health check with 200."""
    try:
        with urllib.request.urlopen(url + HEALTH, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def wait_healthy(named, seconds=STARTUP_SECONDS):
    """Wait until every (name, process, url) answers its health check.

    Raises StartError naming the first process that exits before, or those still silent after
    `seconds`.
    """
    deadline = time.monotonic() + seconds
    waiting = list(named)
    while waiting:
        for name, proc, url in list(waiting):
            if proc.poll() is not None:
                raise StartError(f"{name} exited with code {proc.returncode} before it was healthy")
            if healthy(url):
                waiting.remove((name, proc, url))
        if waiting and time.monotonic() > deadline:
            raise StartError(f"not healthy after {seconds:g} s: {', '.join(n for n, _, _ in waiting)}")
        if waiting:
            time.sleep(0.25)


def stop(procs, seconds=STOP_SECONDS):
    """SIGTERM every process still running, then SIGKILL those still running `seconds` later."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + seconds
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def serving(script, *options, log=None, startup=STARTUP_SECONDS, **popen):
    """`streamlit run script [options]` on a free loopback port; yields (process, url) once healthy,
    and stops the process when the block ends.

    log: a file for the server's output (None: discarded). Raises StartError (naming the log) if
    the server exits or stays silent for `startup` seconds.
    """
    port = free_port()
    proc = spawn(streamlit_command(script, port, *options), log, **popen)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy([(Path(script).name, proc, url)], startup)
        except StartError as e:
            raise StartError(f"{e}; see {log}" if log else str(e)) from None
        yield proc, url
    finally:
        stop([proc])
