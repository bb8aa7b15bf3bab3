"""RedisStore: rooms in Redis, so every replica behind the load balancer sees the same room.

Layout (a room's keys share one hash tag; the scripts reach its tables from the room's name,
which a single server, as deploy/ runs it, allows):
    lossviz:room:{CODE}               hash: the room's fields, "version" and "expires"
    lossviz:room:{CODE}:<table>       hash: "members", "answers:<step>"
    lossviz:room:{CODE}:tables        set: the table names, so all expire together
    lossviz:tries:<client>            sorted set: a client's wrong codes, scored by time
    lossviz:moves                     channel: the code of each room a presenter moved (announce)
Each change is one Lua script, so checking expectations, applying the change and bumping the
version happen atomically (no WATCH retries when sixty phones answer at once). Redis's own TTL
removes a room 4 h after its last change; the "expires" field applies the same rule to the
`now` each call passes, as the memory store does. Any failure of the server or the network
raises RoomError("room.unreachable") within about a second, never a redis exception; for
PAUSE seconds after one, calls fail at once instead of each waiting for a timeout (sixty
phones polling a server that went silent would otherwise hold sixty threads). announce is a
PUBLISH, and listen one thread per store that reads the channel; through an outage that thread
keeps trying each PAUSE seconds and the moves announced meanwhile are lost (pages read the room
again on their own).
"""

import functools
import json
import math
import secrets
import threading
import time

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from lossviz.room.errors import RoomError
from lossviz.room.store import TTL, WINDOW, Snapshot, Store, tell

TIMEOUT = 1.0  # seconds: connect and socket timeouts, so an outage shows within about a second
PAUSE = 2.0  # seconds after a failure during which calls fail without trying the server
MOVES = "lossviz:moves"  # the channel announce publishes on

_CREATE = """
local room, now, expires, ttl = KEYS[1], tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local until_ = redis.call('HGET', room, 'expires')
if until_ and tonumber(until_) > now then return 0 end
for _, t in ipairs(redis.call('SMEMBERS', room .. ':tables')) do redis.call('DEL', room .. ':' .. t) end
redis.call('DEL', room, room .. ':tables')
for f, v in pairs(cjson.decode(ARGV[4])) do redis.call('HSET', room, f, v) end
redis.call('HSET', room, 'version', '1', 'expires', expires)
redis.call('EXPIRE', room, ttl)
return 1
"""

_READ = """
local room, now = KEYS[1], tonumber(ARGV[1])
local until_ = redis.call('HGET', room, 'expires')
if not until_ or tonumber(until_) <= now then return nil end
local step = redis.call('HGET', room, 'step') or ''
return {redis.call('HGETALL', room), redis.call('HLEN', room .. ':members'),
        redis.call('HLEN', room .. ':answers:' .. step)}
"""

_CHANGE = """
local room, now, expires, ttl = KEYS[1], tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local until_ = redis.call('HGET', room, 'expires')
if not until_ or tonumber(until_) <= now then return nil end
for f, v in pairs(cjson.decode(ARGV[4])) do
  if redis.call('HGET', room, f) ~= v then return nil end
end
if ARGV[5] ~= '' and redis.call('HEXISTS', room .. ':members', ARGV[5]) == 0 then return nil end
for f, v in pairs(cjson.decode(ARGV[6])) do redis.call('HSET', room, f, v) end
if ARGV[7] ~= '' then
  redis.call('HSET', room .. ':' .. ARGV[7], ARGV[8], ARGV[9])
  redis.call('SADD', room .. ':tables', ARGV[7])
end
if ARGV[10] ~= '' then redis.call('DEL', room .. ':' .. ARGV[10]) end
local version = redis.call('HINCRBY', room, 'version', 1)
redis.call('HSET', room, 'expires', expires)
redis.call('EXPIRE', room, ttl)
redis.call('EXPIRE', room .. ':tables', ttl)
for _, t in ipairs(redis.call('SMEMBERS', room .. ':tables')) do
  redis.call('EXPIRE', room .. ':' .. t, ttl)
end
return version
"""


def _room_key(code):
    return f"lossviz:room:{{{code}}}"


def _unreachable(method):
    """Turn every redis (or socket) failure of `method` into RoomError("room.unreachable"), and
    fail at once for PAUSE seconds after one."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        if time.monotonic() < self._paused_until:
            raise RoomError("room.unreachable")
        try:
            return method(self, *args, **kwargs)
        except (redis.RedisError, OSError) as error:
            self._paused_until = time.monotonic() + PAUSE
            raise RoomError("room.unreachable") from error

    return guarded


class RedisStore(Store):
    """Rooms in the Redis server at `url` (redis://host:port/db); see the module's docstring."""

    def __init__(self, url):
        try:
            self._redis = redis.Redis.from_url(
                url,
                decode_responses=True,
                socket_timeout=TIMEOUT,
                socket_connect_timeout=TIMEOUT,
                retry=Retry(NoBackoff(), 1),  # one quick retry: a restarted server drops pooled sockets
            )
        except ValueError as error:
            raise RoomError("room.unreachable") from error
        self._paused_until = 0.0
        self._listeners = []  # callbacks, each once
        self._listening = None  # the thread reading MOVES, once there is a listener
        self._subscribed = threading.Event()  # set once that thread has subscribed
        self._lock = threading.Lock()
        self._create = self._redis.register_script(_CREATE)
        self._read = self._redis.register_script(_READ)
        self._change = self._redis.register_script(_CHANGE)

    @staticmethod
    def _expiry(now):
        return repr(float(now) + TTL), math.ceil(TTL)

    @_unreachable
    def create(self, code, fields, now):
        expires, ttl = self._expiry(now)
        return bool(
            self._create(keys=[_room_key(code)], args=[repr(float(now)), expires, ttl, json.dumps(fields)])
        )

    @_unreachable
    def read(self, code, now):
        found = self._read(keys=[_room_key(code)], args=[repr(float(now))])
        if found is None:
            return None
        flat, joined, answered = found
        return Snapshot(dict(zip(flat[::2], flat[1::2], strict=True)), int(joined), int(answered))

    @_unreachable
    def version(self, code, now):
        version, expires = self._redis.hmget(_room_key(code), ["version", "expires"])
        if version is None or expires is None or float(expires) <= now:
            return None
        return int(version)

    @_unreachable
    def change(self, code, now, *, changes=None, expect=None, member=None, put=None, clear=None):
        expires, ttl = self._expiry(now)
        table, name, value = put if put is not None else ("", "", "")
        args = [repr(float(now)), expires, ttl, json.dumps(expect or {}), member or ""]
        args += [json.dumps(changes or {}), table, name, value, clear or ""]
        version = self._change(keys=[_room_key(code)], args=args)
        return None if version is None else int(version)

    @_unreachable
    def table(self, code, name, now):
        room = _room_key(code)
        with self._redis.pipeline(transaction=True) as pipe:
            expires, rows = pipe.hget(room, "expires").hgetall(f"{room}:{name}").execute()
        if expires is None or float(expires) <= now:
            return None
        return rows

    @_unreachable
    def note_failure(self, client, now):
        key = f"lossviz:tries:{client}"
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {f"{now!r}:{secrets.token_hex(4)}": now})
            pipe.zremrangebyscore(key, "-inf", now - WINDOW)
            pipe.expire(key, math.ceil(WINDOW) + 1)
            pipe.execute()

    @_unreachable
    def failures(self, client, now):
        rows = self._redis.zrangebyscore(
            f"lossviz:tries:{client}", f"({now - WINDOW!r}", "+inf", withscores=True
        )
        return [score for _, score in rows]

    def announce(self, code):
        try:
            self._announce(code)
        except RoomError:  # a nudge lost to an outage; the move itself is stored (or refused)
            pass

    @_unreachable
    def _announce(self, code):
        self._redis.publish(MOVES, code)

    def listen(self, callback):
        with self._lock:
            if callback not in self._listeners:
                self._listeners.append(callback)
            if self._listening is None:
                self._listening = threading.Thread(
                    target=self._read_moves, name="lossviz-room-moves", daemon=True
                )
                self._listening.start()
        self._subscribed.wait(TIMEOUT)  # what is announced from now on is heard (unless Redis is down)

    def _read_moves(self):
        """Read MOVES for the life of the process, each message to every listener; through an
        outage, try again each PAUSE seconds (subscribing again)."""
        while True:
            try:
                with self._redis.pubsub(ignore_subscribe_messages=True) as moves:
                    moves.subscribe(MOVES)
                    self._subscribed.set()
                    while True:  # get_message waits for data without the socket's 1 s read timeout
                        message = moves.get_message(timeout=PAUSE)
                        if message is not None:
                            self._deliver(message.get("data"))
            except (redis.RedisError, OSError):
                time.sleep(PAUSE)

    def _deliver(self, code):
        if not isinstance(code, str):
            return
        with self._lock:
            listeners = list(self._listeners)
        tell(listeners, code)
