"""Every cache of lossviz, by what it is shared across: the process, the inputs, or one session.

- per_process: one value for the server process, made on first use and shared by every session
  (the room store). Held here, not in a Streamlit cache: any client may send Streamlit a
  clear_cache message, which would drop it (and every room of the in-process store). `f.clear()`
  drops it.
- per_input(max_entries): a bounded table keyed by the arguments (short texts and numbers),
  shared by every session: results that hold no session's data, handed to every caller as the
  same object, which no caller changes (frozen dataclasses, JSON text, Arrow tables). An
  exception is not kept: bad input raises each time. functools.lru_cache, which hashes the
  argument tuple once; Streamlit's caches hash each argument with their own hasher (~0.2 ms a
  call under py-spy) and st.cache_data also pickles the result on every hit. `f.cache_clear()`.
- per_session(name, keep): this session's latest `keep` values by key (a pasted or uploaded
  batch, which no other session may see), held in st.session_state[name]. They go with the
  session, or RELEASE_AFTER_SECONDS after its browser left (lossviz.server.janitor), and no
  client's "Clear caches" reaches them (Streamlit's scope="session" caches are cleared by any
  client's clear_cache message).

So a clear_cache message from any client reaches nothing of lossviz's: tests/test_crowd.py sends
one from a protocol-level client and times another session's edits.

The core's caches are pure functions of their arguments (or of nothing) and stay where they are,
each documented there; CORE_CACHES lists them (tests/test_caching.py keeps the list whole, and
fails on a Streamlit cache outside this module).
"""

import functools
import threading

import streamlit as st

from lossviz.server import janitor

# Core caches, by where they live: functools.cache over a finite domain (a language, or nothing),
# and the explorer's one table of figures without their marks (bounded, UNMARKED_ENTRIES).
CORE_CACHES = (
    "lossviz.words.i18n.strings",  # the strings files, read once
    "lossviz.maths.numerics.safeguards",  # constants
    "lossviz.charts.explorer._unmarked",  # −log and gradient figures by t[correct class], language
    "lossviz.views.tour.numbers",  # the tour's numbers (constants)
    "lossviz.views.tour.tour",  # per language
    "lossviz.views.slides.slides",  # per language
    "lossviz.views.lab_slides.numbers",  # constants
    "lossviz.views.lab_slides.lab_tour",  # per language
    "lossviz.views.lab_slides.lab_slides",  # per language
    "lossviz.views.batch_slides.batch",  # the tour's simulated batch (a constant)
    "lossviz.views.batch_slides.numbers",  # constants
    "lossviz.views.batch_slides.batch_tour",  # per language
    "lossviz.views.batch_slides.batch_slides",  # per language
    "lossviz.room.questions._all",  # constants
    "lossviz.data.load_digits",  # the shipped digits, read once
    "lossviz.views.train_slides.race",  # the race at the training page's defaults (a constant)
    "lossviz.views.train_slides.train_tour",  # per language
    "lossviz.views.train_slides.train_slides",  # per language
)


def per_process(func):
    """Decorator: func() made once for the process and shared by every session (a store, a client);
    `f.clear()` drops it, and the next call makes it again."""
    lock, made = threading.Lock(), []

    @functools.wraps(func)
    def once():
        with lock:  # two first callers at once get the same value
            if not made:
                made.append(func())
            return made[0]

    def clear():
        with lock:
            made.clear()

    once.clear = clear
    return once


def per_input(max_entries):
    """Decorator: func(*args) kept for the latest `max_entries` argument tuples, shared by every
    session; the result is handed out as it is, so it must be one that no caller changes."""
    return functools.lru_cache(maxsize=max_entries)


class SessionTable:
    """The latest `keep` values of one session by key, in st.session_state[name] (see per_session)."""

    def __init__(self, name, keep):
        self.name, self.keep = name, keep

    def __contains__(self, key):
        return key in st.session_state.get(self.name, {})

    def drop(self, which):
        """A function that drops this session's values whose key which(key) accepts; callable from
        any thread (the memory budget calls it from another session's read)."""
        table = st.session_state.setdefault(self.name, {})

        def dropped():
            for key in [k for k in list(table) if which(k)]:
                table.pop(key, None)

        return dropped

    def kept(self, key, compute):
        """The value for `key`, computed first (compute()) when this session has none; the oldest
        goes when more than `keep` are held. An exception raised by compute leaves nothing behind."""
        table = st.session_state.setdefault(self.name, {})
        if key not in table:
            value = compute()
            while len(table) >= self.keep:
                table.pop(next(iter(table)), None)  # a read of another session may drop one meanwhile
            table[key] = value
        return table[key]


def per_session(name, keep):
    """This session's table `name` of at most `keep` values (SessionTable.kept(key, compute)),
    released with the session's uploads when its browser has left (janitor.RELEASED_KEYS)."""
    janitor.RELEASED_KEYS.add(name)
    return SessionTable(name, keep)
