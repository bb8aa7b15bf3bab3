"""A real redis-server for the room's tests, and the `store` fixture that runs each test on both backends.

Debian's redis-server on a free loopback port, without persistence; started once per session
(about 20 ms). Where the binary is missing the Redis half is skipped, except in CI (CI set),
where .ci/run installs it and a missing server fails the run.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import time

import pytest
import redis

from lossviz.room.redis_store import RedisStore
from lossviz.room.store import MemoryStore


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def redis_server(port=None):
    """Yields (process, URL) of a fresh redis-server on `port` (a free one by default); stops it afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed: .ci/run installs Debian's redis-server")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = port or free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"redis-server did not answer on port {port}")
            time.sleep(0.02)
    try:
        yield process, url
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def redis_url():
    with redis_server() as (_, url):
        yield url


@pytest.fixture(params=["memory", "redis"])
def store(request):
    """A MemoryStore, then a RedisStore on the session's server, emptied for each test."""
    if request.param == "memory":
        return MemoryStore()
    url = request.getfixturevalue("redis_url")
    redis.Redis.from_url(url).flushdb()
    return RedisStore(url)
