"""The room: a presenter paces a workshop, learners' phones follow and answer, across replicas.

    from lossviz.room import open_store, RoomError, rooms, questions
    store = open_store()                       # once per process
    code, key = rooms.create(store, now)       # the code for the projector, the key for the presenter
    rooms.join(store, code, member_id, nickname, client, now)
    rooms.control(store, code, key, "reveal", now)
    rooms.answer(store, code, member_id, step, value, now)

codes: room codes and keys; store: the Store interface and MemoryStore; redis_store: RedisStore;
rooms: the rules; questions: one question per step with its truth and misconceptions;
tallies: the room's answers counted for the charts (lossviz.charts.room). Pure Python: no
Streamlit here.
"""

import os

from lossviz.room import questions, rooms
from lossviz.room.errors import RoomError
from lossviz.room.store import MemoryStore, Store

REDIS_URL_VARIABLE = "LOSSVIZ_REDIS_URL"

__all__ = ["REDIS_URL_VARIABLE", "MemoryStore", "RoomError", "Store", "open_store", "questions", "rooms"]


def open_store(environ=os.environ):
    """The store rooms live in: a RedisStore when LOSSVIZ_REDIS_URL is set, else a MemoryStore.

    Call it once per process (every session must share it). A malformed URL raises RoomError.
    """
    url = environ.get(REDIS_URL_VARIABLE, "").strip()
    if not url:
        return MemoryStore()
    from lossviz.room.redis_store import RedisStore  # only where Redis is configured

    return RedisStore(url)
