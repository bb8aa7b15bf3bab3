"""The Store contract (lossviz.room.store), the same tests on MemoryStore and a real RedisStore."""

import contextlib
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
import room_servers

from lossviz.room import MemoryStore, RoomError, open_store, redis_store
from lossviz.room.redis_store import RedisStore
from lossviz.room.store import TTL, WINDOW

NOW = 1_000_000.0
FIELDS = {"step": "1", "ended": "0", "phase:1": "open"}
store, redis_url = room_servers.store, room_servers.redis_url  # fixtures: each test on both backends


def test_create_refuses_a_taken_code(store):
    assert store.create("ABCDE", FIELDS, NOW)
    assert not store.create("ABCDE", {**FIELDS, "step": "2"}, NOW + 1)
    assert store.read("ABCDE", NOW + 1).fields["step"] == "1"


def test_a_new_room_reads_back_with_version_1(store):
    store.create("ABCDE", FIELDS, NOW)
    snapshot = store.read("ABCDE", NOW)
    assert {k: snapshot.fields[k] for k in FIELDS} == FIELDS
    assert snapshot.fields["version"] == "1"
    assert (snapshot.joined, snapshot.answered) == (0, 0)
    assert store.version("ABCDE", NOW) == 1
    assert store.read("ZZZZZ", NOW) is None and store.version("ZZZZZ", NOW) is None


def test_each_change_bumps_the_version_by_one(store):
    store.create("ABCDE", FIELDS, NOW)
    assert store.change("ABCDE", NOW, changes={"step": "2"}) == 2
    assert store.change("ABCDE", NOW, put=("members", "m1", "Ada")) == 3
    assert store.change("ABCDE", NOW) == 4
    assert store.version("ABCDE", NOW) == 4
    assert store.read("ABCDE", NOW).fields["step"] == "2"


def test_a_failed_expectation_changes_nothing(store):
    store.create("ABCDE", FIELDS, NOW)
    assert store.change("ABCDE", NOW, changes={"step": "9"}, expect={"ended": "1"}) is None
    assert store.change("ABCDE", NOW, changes={"step": "9"}, expect={"missing": "x"}) is None
    assert store.change("ABCDE", NOW, put=("answers:1", "m1", "1"), member="m1") is None
    snapshot = store.read("ABCDE", NOW)
    assert snapshot.fields["step"] == "1" and snapshot.fields["version"] == "1"
    assert store.table("ABCDE", "answers:1", NOW) == {}
    assert store.change("ZZZZZ", NOW, changes={"step": "2"}) is None


def test_members_answers_and_clear(store):
    store.create("ABCDE", FIELDS, NOW)
    store.change("ABCDE", NOW, put=("members", "m1", "Ada"))
    store.change("ABCDE", NOW, put=("members", "m2", ""))
    assert store.change("ABCDE", NOW, put=("answers:1", "m1", "0.5"), member="m1") == 4
    store.change("ABCDE", NOW, put=("answers:1", "m1", "0.7"), member="m1")  # the last one counts
    snapshot = store.read("ABCDE", NOW)
    assert (snapshot.joined, snapshot.answered) == (2, 1)
    assert store.table("ABCDE", "answers:1", NOW) == {"m1": "0.7"}
    assert store.table("ABCDE", "members", NOW) == {"m1": "Ada", "m2": ""}
    store.change("ABCDE", NOW, clear="answers:1")
    assert store.table("ABCDE", "answers:1", NOW) == {} and store.read("ABCDE", NOW).answered == 0
    assert store.table("ZZZZZ", "members", NOW) is None


def test_answered_counts_the_current_step_only(store):
    store.create("ABCDE", FIELDS, NOW)
    store.change("ABCDE", NOW, put=("members", "m1", ""))
    store.change("ABCDE", NOW, put=("answers:1", "m1", "1"), member="m1")
    store.change("ABCDE", NOW, changes={"step": "2"})
    assert store.read("ABCDE", NOW).answered == 0


def test_a_room_expires_ttl_seconds_after_its_last_change(store):
    store.create("ABCDE", FIELDS, NOW)
    store.change("ABCDE", NOW + 100, changes={"step": "2"})
    assert store.read("ABCDE", NOW + 100 + TTL - 1) is not None
    assert store.version("ABCDE", NOW + 100 + TTL) is None
    assert store.read("ABCDE", NOW + 100 + TTL) is None
    assert store.table("ABCDE", "members", NOW + 100 + TTL) is None
    assert store.change("ABCDE", NOW + 100 + TTL) is None
    assert store.create("ABCDE", FIELDS, NOW + 100 + TTL)  # the code is free again, empty
    assert store.table("ABCDE", "members", NOW + 100 + TTL) == {}


def test_reading_does_not_keep_a_room_alive(store):
    store.create("ABCDE", FIELDS, NOW)
    store.read("ABCDE", NOW + TTL - 1)
    store.version("ABCDE", NOW + TTL - 1)
    assert store.read("ABCDE", NOW + TTL) is None


def test_failures_are_counted_within_the_window(store):
    for i in range(3):
        store.note_failure("client", NOW + i)
    store.note_failure("other", NOW)
    assert store.failures("client", NOW + 2) == [NOW, NOW + 1, NOW + 2]
    assert store.failures("client", NOW + WINDOW + 0.5) == [NOW + 1, NOW + 2]  # NOW is 60.5 s old
    assert store.failures("client", NOW + WINDOW + 3) == []
    assert store.failures("nobody", NOW) == []


def test_memory_store_forgets_the_oldest_client_beyond_its_limit(monkeypatch):
    monkeypatch.setattr("lossviz.room.store.MAX_CLIENTS", 3)
    s = MemoryStore()
    for client in "abcd":
        s.note_failure(client, NOW)
    assert s.failures("a", NOW) == [] and s.failures("d", NOW) == [NOW]


def test_memory_store_sweeps_expired_rooms_and_caps_live_ones(monkeypatch):
    monkeypatch.setattr("lossviz.room.store.MAX_ROOMS", 2)
    s = MemoryStore()
    assert s.create("AAAAA", FIELDS, NOW) and s.create("BBBBB", FIELDS, NOW)
    assert not s.create("CCCCC", FIELDS, NOW + 1)  # two live rooms: full
    assert s.create("CCCCC", FIELDS, NOW + TTL)  # both expired and swept
    assert s.read("AAAAA", NOW + TTL) is None


def test_redis_keys_carry_the_4_hour_ttl(redis_url):
    s, client = RedisStore(redis_url), redis.Redis.from_url(redis_url, decode_responses=True)
    client.flushdb()
    s.create("ABCDE", FIELDS, time.time())
    s.change("ABCDE", time.time(), put=("members", "m1", "Ada"))
    for key in client.keys("lossviz:room:*"):
        assert TTL - 5 <= client.ttl(key) <= TTL, key  # Redis removes it by itself, too
    s.note_failure("client", time.time())
    assert 0 < client.ttl("lossviz:tries:client") <= WINDOW + 1


def test_a_dead_redis_server_is_a_room_error_within_about_a_second(monkeypatch):
    monkeypatch.setattr(redis_store, "PAUSE", 0.0)  # every call below tries the server
    with room_servers.redis_server() as (process, url):
        s = RedisStore(url)
        s.create("ABCDE", FIELDS, NOW)
        process.kill()
        process.wait()
        for call in (
            lambda: s.read("ABCDE", NOW),
            lambda: s.version("ABCDE", NOW),
            lambda: s.change("ABCDE", NOW, changes={"step": "2"}),
            lambda: s.create("FGHJK", FIELDS, NOW),
            lambda: s.table("ABCDE", "members", NOW),
            lambda: s.note_failure("client", NOW),
            lambda: s.failures("client", NOW),
        ):
            started = time.monotonic()
            with pytest.raises(RoomError, match="unreachable"):
                call()
            assert time.monotonic() - started < 2.5  # connect timeout 1 s, one retry without backoff


def test_a_restarted_redis_server_is_reached_again_after_the_pause(monkeypatch):
    monkeypatch.setattr(redis_store, "PAUSE", 0.3)
    port = room_servers.free_port()
    with room_servers.redis_server(port) as (process, url):
        s = RedisStore(url)
        s.create("ABCDE", FIELDS, NOW)
        process.kill()
        process.wait()
        with pytest.raises(RoomError, match="unreachable"):
            s.version("ABCDE", NOW)
    with room_servers.redis_server(port):
        time.sleep(0.3)  # the pause after the failure (the silent server's test checks it holds)
        assert s.version("ABCDE", NOW) is None  # the same store object works again; nothing was kept
        assert s.create("ABCDE", FIELDS, NOW)


def test_concurrent_changes_are_each_applied_once(store):
    store.create("ABCDE", FIELDS, NOW)
    members = [f"m{i}" for i in range(60)]

    def join_and_answer(member):
        joined = store.change("ABCDE", NOW, put=("members", member, ""))
        answered = store.change("ABCDE", NOW, put=("answers:1", member, "1.0"), member=member)
        return joined, answered

    with ThreadPoolExecutor(max_workers=12) as pool:
        versions = [v for pair in pool.map(join_and_answer, members) for v in pair]
    assert sorted(versions) == list(range(2, 2 + 2 * len(members)))  # each change got its own version
    snapshot = store.read("ABCDE", NOW)
    assert (snapshot.joined, snapshot.answered) == (60, 60)


@contextlib.contextmanager
def silent_server():
    """The URL of a socket that accepts connections and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def test_a_server_that_never_answers_times_out_then_fails_at_once():
    with silent_server() as url:
        s = RedisStore(url)
        started = time.monotonic()
        with pytest.raises(RoomError, match="unreachable"):
            s.version("ABCDE", NOW)
        assert time.monotonic() - started < 3.0  # socket timeout 1 s, one retry, and a busy machine
        started = time.monotonic()
        with pytest.raises(RoomError, match="unreachable"):
            s.read("ABCDE", NOW)
        assert time.monotonic() - started < 0.1  # within PAUSE: no second wait


def test_open_store_is_memory_unless_a_redis_url_is_set(redis_url):
    assert isinstance(open_store({}), MemoryStore)
    assert isinstance(open_store({"LOSSVIZ_REDIS_URL": "  "}), MemoryStore)
    assert isinstance(open_store({"LOSSVIZ_REDIS_URL": redis_url}), RedisStore)
    with pytest.raises(RoomError, match="unreachable"):
        open_store({"LOSSVIZ_REDIS_URL": "not-a-url://x"})


def heard(calls, count, seconds=3.0):
    """Wait until `calls` holds `count` entries (a Redis listener hears on a thread of its own)."""
    deadline = time.monotonic() + seconds
    while len(calls) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return list(calls)


def test_an_announced_room_reaches_every_listener_once(store):
    first, second = [], []
    store.listen(first.append)
    store.listen(first.append)  # the same callback again: still heard once
    store.listen(second.append)
    store.announce("ABCDE")
    store.announce("FGHJK")
    assert heard(first, 2) == ["ABCDE", "FGHJK"]
    assert heard(second, 2) == ["ABCDE", "FGHJK"]
    time.sleep(0.1)
    assert first == ["ABCDE", "FGHJK"]  # nothing more came


def test_a_failing_listener_does_not_keep_the_others_from_hearing(store):
    def fails(code):
        raise RuntimeError(code)

    calls = []
    store.listen(fails)
    store.listen(calls.append)
    store.announce("ABCDE")
    store.announce("FGHJK")
    assert heard(calls, 2) == ["ABCDE", "FGHJK"]


def test_every_replica_hears_a_move_announced_by_one(redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    replicas = [RedisStore(redis_url) for _ in range(3)]
    calls = [[] for _ in replicas]
    for replica, heard_here in zip(replicas, calls, strict=True):
        replica.listen(heard_here.append)
    replicas[1].announce("ABCDE")
    assert [heard(c, 1) for c in calls] == [["ABCDE"]] * 3


def test_announcing_to_a_dead_redis_server_is_no_error_and_listening_resumes_after_a_restart(monkeypatch):
    monkeypatch.setattr(redis_store, "PAUSE", 0.2)
    port = room_servers.free_port()
    calls = []
    with room_servers.redis_server(port) as (process, url):
        s = RedisStore(url)
        s.listen(calls.append)
        process.kill()
        process.wait()
        assert s.announce("ABCDE") is None  # lost, quietly: the move itself is in the room's fields
    with room_servers.redis_server(port):
        deadline = time.monotonic() + 10
        while not calls and time.monotonic() < deadline:  # until the listener has subscribed again
            time.sleep(0.2)
            RedisStore(url).announce("FGHJK")
        assert calls and set(calls) == {"FGHJK"}
