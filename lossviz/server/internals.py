"""Streamlit's private internals, behind one door: the only module of lossviz that reaches them.

Streamlit offers no public way to end a closed session that has expired, to read an upload's bytes
from its own store, to charge an upload to a budget as it arrives, or to find the running server's
component registry, or to rerun another session's page; lossviz needs all five
(lossviz.server.janitor, lossviz.ui.batch, lossviz.server.budget, lossviz.ui.web,
lossviz.server.push). What it relies on is listed once, in
NEEDED, and checked once per server the first time the running server is reached (check): an
attribute a Streamlit release no longer has raises MissingInternal, naming it and what it is for.
tests/test_server_internals.py checks the same list against Streamlit's real classes, so an
upgrade fails there first.

Outside a running server (AppTest, `python app.py`) there is no Runtime, or only AppTest's
stand-in, and the functions that need one return None: a legitimate state, with nothing to reap
and no registry to share.
"""

import asyncio
import weakref

import streamlit
from streamlit import runtime
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner import get_script_run_ctx

ENDING = "to end the closed sessions that have expired (lossviz.server.janitor)"
UPLOADS = "to read an upload's bytes from Streamlit's own store (lossviz.ui.batch)"
REGISTRY = "to declare each served directory once per server (lossviz.ui.web)"
RELEASING = "to release a closed session's batch results early (lossviz.server.janitor)"
PACING = "to hold the reruns a session asks for faster than a reader could (lossviz.server.pace)"
BUDGET = "to charge each upload to the memory budget as it arrives (lossviz.server.budget)"
PUSHING = "to rerun the pages of a room's learners when the presenter moves (lossviz.server.push)"

# (where, attribute, what lossviz needs it for). `where` names an object by how it is reached from
# the running server's Runtime, or from a script run's context; check() follows the same paths.
NEEDED = (
    ("Runtime", "_session_mgr", ENDING),
    ("Runtime._session_mgr", "_session_storage", ENDING),
    ("Runtime._session_mgr", "_storage_lock", ENDING),
    ("Runtime._session_mgr", "list_active_sessions", ENDING),
    ("Runtime._session_mgr._session_storage", "list", ENDING),
    ("Runtime._session_mgr._session_storage", "delete", ENDING),
    ("Runtime", "component_registry", REGISTRY),
    ("ScriptRunContext", "uploaded_file_mgr", UPLOADS),
    ("ScriptRunContext", "session_id", UPLOADS),
    ("ScriptRunContext.uploaded_file_mgr", "get_files", UPLOADS),
    ("Runtime", "uploaded_file_mgr", BUDGET),
    ("Runtime.uploaded_file_mgr", "add_file", BUDGET),
    ("Runtime.uploaded_file_mgr", "remove_file", BUDGET),
    ("Runtime.uploaded_file_mgr", "remove_session_files", BUDGET),
    ("ScriptRunContext.uploaded_file_mgr", "add_file", BUDGET),
)
# What the janitor does with a session it ends; checked on the first session it ends.
SESSION_NEEDED = (
    ("AppSession", "id", ENDING),
    ("AppSession", "shutdown", ENDING),
    ("AppSession", "session_state", ENDING),
)
# What pacing wraps: the method every browser's rerun request reaches; checked when it is wrapped.
PACE_NEEDED = (("AppSession", "request_rerun", PACING), ("AppSession", "id", PACING))
# What the janitor reads of a closed session whose batch results it releases; checked each time.
RELEASE_NEEDED = (("AppSession.session_state", "filtered_state", RELEASING),)
# What a push reads and calls on an open session; checked on the first session it looks at.
PUSH_NEEDED = (
    ("AppSession", "session_state", PUSHING),
    ("AppSession", "request_rerun", PUSHING),
    ("AppSession", "_client_state", PUSHING),
    ("AppSession", "_scriptrunner", PUSHING),
    ("AppSession", "_call_soon_on_event_loop", PUSHING),
)


class MissingInternal(AttributeError):
    """A private part of Streamlit that lossviz relies on is gone: which one, and what it was for."""


def reach(root, where, name):
    """getattr(root, …) along `where` ("Runtime._session_mgr"), then `name`; MissingInternal naming
    the first attribute missing on the way.

    >>> from types import SimpleNamespace as NS
    >>> reach(NS(a=NS(b=1)), "Runtime.a", "b")
    1
    >>> reach(NS(), "Runtime", "_session_mgr")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lossviz.server.internals.MissingInternal: streamlit ... has no Runtime._session_mgr: lossviz.server.internals needs it to end the closed sessions that have expired (lossviz.server.janitor)
    """
    owner, path = root, where.split(".")[0]
    for attribute in [*where.split(".")[1:], name]:
        if not hasattr(owner, attribute):
            raise MissingInternal(
                f"streamlit {streamlit.__version__} has no {path}.{attribute}: "
                f"lossviz.server.internals needs it {_purpose(path, attribute)}".rstrip()
            )
        owner, path = getattr(owner, attribute), f"{path}.{attribute}"
    return owner


def _purpose(where, name):
    needed = NEEDED + SESSION_NEEDED + RELEASE_NEEDED + PACE_NEEDED + PUSH_NEEDED
    return next((why for w, n, why in needed if (w, n) == (where, name)), "")


def check(root, kind, needed=NEEDED):
    """Reach every attribute of `needed` that starts at `kind` ("Runtime", "ScriptRunContext",
    "AppSession") from `root`; raises MissingInternal for the first one missing."""
    for where, name, _ in needed:
        if where.split(".")[0] == kind:
            reach(root, where, name)


_checked = weakref.WeakSet()  # the runtimes, and the classes of contexts and sessions, checked


def _checked_once(root, kind, needed=NEEDED):
    key = root if kind == "Runtime" else type(root)
    if key not in _checked:
        check(root, kind, needed)
        _checked.add(key)
    return root


def running():
    """The running server's Runtime, checked once; None outside a server: in bare mode there is no
    Runtime, and AppTest stands a mock of one in for each run (only Streamlit's own is a server)."""
    server = runtime.get_instance() if runtime.exists() else None
    return _checked_once(server, "Runtime") if type(server) is Runtime else None


def session_manager():
    """The running server's session manager, or None outside a server."""
    server = running()
    return None if server is None else server._session_mgr


def storage_lock(manager):
    """The lock Streamlit's session manager takes around its store of closed sessions."""
    return manager._storage_lock


def stored_sessions(manager):
    """{id: AppSession} of the closed sessions the store still lists (an expired one is not)."""
    return {info.session.id: info.session for info in manager._session_storage.list()}


def active_session_ids(manager):
    """Ids of the sessions with a browser connected."""
    return {info.session.id for info in manager.list_active_sessions()}


def forget_stored(manager, session_id):
    """Delete a session from the store of closed sessions (which hides an expired session but keeps
    it); one the store has already let go is no error."""
    try:
        manager._session_storage.delete(session_id)
    except KeyError:
        pass


def end_session(session):
    """Shut a session down, as Streamlit does with a closed session it drops (which removes its files
    from the upload manager), and clear its widgets' values (copies of its uploads among them)."""
    _checked_once(session, "AppSession", SESSION_NEEDED)
    session.shutdown()  # idempotent; a session's __del__ calls it from whichever thread frees it
    session.session_state.clear()


def upload_records(file_id):
    """Streamlit's records (name, bytes) of one upload of the current session, as its upload manager
    holds them; None outside a script run."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    _checked_once(ctx, "ScriptRunContext")
    return ctx.uploaded_file_mgr.get_files(ctx.session_id, [file_id])


def component_registry():
    """The running server's component registry, or None outside a server."""
    server = running()
    return None if server is None else server.component_registry


def current_session_id():
    """The id of the session whose script is running, or None outside a script run."""
    ctx = get_script_run_ctx()
    return None if ctx is None else _checked_once(ctx, "ScriptRunContext").session_id


def set_aside_upload(file_id):
    """Keep an upload of the current session in Streamlit's store with no bytes: the file picker
    still shows it and st.file_uploader still returns it (empty), but its bytes can be freed."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    _checked_once(ctx, "ScriptRunContext")
    for record in ctx.uploaded_file_mgr.get_files(ctx.session_id, [file_id]):
        ctx.uploaded_file_mgr.add_file(ctx.session_id, record._replace(data=b""))


_routed = weakref.WeakSet()  # the upload stores routed through a budget


def route_uploads(admit, forget_file, forget_session, store=None):
    """Route the running server's upload store through a budget, once per store.

    Each file that arrives is first offered to admit(session_id, file_id, nbytes): refused, it is
    stored with no bytes (the upload still succeeds, so the page can say why at once). Removing a
    file calls forget_file(session_id, file_id), removing a session's files (when it ends)
    forget_session(session_id). Streamlit's upload route and its sessions call the store's methods
    on the one object the Runtime holds, so they are replaced on that object. store: that object
    (None: the running server's, if any).
    """
    if store is None:
        server = running()
        if server is None:
            return
        store = server.uploaded_file_mgr
    if store in _routed:
        return
    add, remove, remove_all = store.add_file, store.remove_file, store.remove_session_files

    def add_file(session_id, file):
        if not admit(session_id, file.file_id, len(file.data)):
            file = file._replace(data=b"")
        add(session_id=session_id, file=file)

    def remove_file(session_id, file_id):
        remove(session_id=session_id, file_id=file_id)
        forget_file(session_id, file_id)

    def remove_session_files(session_id):
        remove_all(session_id)
        forget_session(session_id)

    store.add_file, store.remove_file, store.remove_session_files = (
        add_file,
        remove_file,
        remove_session_files,
    )
    _routed.add(store)


def release_uploads(session_id):
    """Remove a session's files from the running server's upload store (through its budget, if routed)."""
    server = running()
    if server is not None:
        server.uploaded_file_mgr.remove_session_files(session_id)


def session_state_keys(session):
    """The keys of a session's state (its own entries and its keyed widgets)."""
    check(session, "AppSession", RELEASE_NEEDED)
    return list(session.session_state.filtered_state)


def forget_state(session, key):
    """Delete one entry of a session's state; one already gone is no error."""
    try:
        del session.session_state[key]
    except KeyError:
        pass


def pace_reruns(wait, session_class=AppSession):
    """Hold the reruns a browser asks for while wait(session_id) says to wait; once per process.

    wait(session_id) -> 0 to run now (a run taken), or the seconds until a run is there. A held
    request is replaced by any later one of the same session, and the latest runs once the wait is
    over (asked through `wait` again). Requests with no client state (Streamlit's own) and those
    made off the event loop pass as they come. Streamlit's websocket handler calls the method on
    the session, so it is replaced on the class.
    """
    original = session_class.request_rerun
    if getattr(original, "lossviz_paced", False):
        return
    check(session_class, "AppSession", PACE_NEEDED[:1])
    held = {}  # session id -> the latest client state held

    def request_rerun(self, client_state):
        if client_state is None:
            return original(self, client_state)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return original(self, client_state)
        if self.id not in held:
            seconds = wait(self.id)
            if seconds <= 0:
                return original(self, client_state)
            loop.call_later(seconds, release, self)
        held[self.id] = client_state
        return None

    def release(session):
        client_state = held.pop(session.id, None)
        if client_state is not None:
            request_rerun(session, client_state)

    request_rerun.lossviz_paced = True
    session_class.request_rerun = request_rerun


def open_sessions(select):
    """The sessions with a browser connected whose state select(get) accepts ([] outside a
    server): get(key) is the value of st.session_state[key] in that session, None without one
    (read from this thread, never written)."""
    manager = session_manager()
    if manager is None:
        return []
    chosen = []
    for info in manager.list_active_sessions():
        session = _checked_once(info.session, "AppSession", PUSH_NEEDED)
        if select(_reader(session.session_state)):
            chosen.append(session)
    return chosen


def _reader(state):
    def get(key):
        try:
            return state[key]
        except KeyError:
            return None

    return get


def rerun_page(session, later):
    """Rerun `session`'s whole page as Streamlit does when its source changes (runOnSave): with its
    own last URL and page, and the widget values it holds. From any thread: the rerun is asked for
    on the session's event loop. While a run of the page is under way, later(retry) is called on
    that loop instead (retry: a callable that tries again), so that no run is cut short."""

    def rerun():
        if session._scriptrunner is not None:
            later(rerun)
        else:
            session.request_rerun(session._client_state)

    session._call_soon_on_event_loop(rerun)
