"""The canary on Streamlit's internals (lossviz.server.internals): every private attribute lossviz
reaches exists in the installed Streamlit, on the real objects `streamlit run` builds; one taken
away fails loudly, naming it.

A Runtime is built as streamlit.web.server.Server builds it (never started: no port, no thread),
and a session is connected to its real session manager inside an event loop, as a websocket
would; uploads are read inside an AppTest run, which has a real script-run context.
"""

import asyncio
import dataclasses
import math

import pytest
from streamlit.runtime import Runtime, RuntimeConfig
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.script_data import ScriptData
from streamlit.runtime.scriptrunner import ScriptRunContext
from streamlit.runtime.uploaded_file_manager import UploadedFileManager
from streamlit.testing.v1 import AppTest
from test_load import run_async  # asyncio.run beside Playwright's event loop

from lossviz.server import internals, janitor


@pytest.fixture
def server():
    """A Runtime as `streamlit run` builds it, the process's one; let go after the test."""
    built = Runtime(
        RuntimeConfig(
            script_path="app.py",
            media_file_storage=MemoryMediaFileStorage("/media"),
            uploaded_file_manager=MemoryUploadedFileManager("/_stcore/upload_file"),
            session_storage=MemorySessionStorage(ttl_seconds=120),
        )
    )
    try:
        yield built
    finally:
        Runtime._instance = None


class Browser:
    """The SessionClient a websocket would be: it drops what the session sends."""

    client_context = None

    def write_forward_msg(self, msg):
        pass


def test_the_running_server_has_every_internal_lossviz_uses(server):
    for where, name, why in internals.NEEDED:
        if where.startswith("Runtime"):
            assert internals.reach(server, where, name) is not None, f"{where}.{name} ({why})"
    assert internals.running() is server
    assert internals.session_manager() is server._session_mgr
    assert internals.component_registry() is server.component_registry


def test_a_script_runs_context_has_the_upload_store():
    """ScriptRunContext is a dataclass: its fields are checked by name, and on an AppTest run's."""
    fields = {f.name for f in dataclasses.fields(ScriptRunContext)}
    for where, name, why in internals.NEEDED:
        if where == "ScriptRunContext":
            assert name in fields, f"streamlit's ScriptRunContext has no {name} ({why})"
    assert callable(UploadedFileManager.get_files)

    def script():
        import streamlit as st

        from lossviz.server import internals

        st.write(f"records: {internals.upload_records('no-such-file')!r}, server: {internals.running()}")

    at = AppTest.from_function(script).run(timeout=30)
    assert not at.exception
    # The upload manager's answer for an unknown file; AppTest's stand-in Runtime is no server.
    assert at.markdown[0].value == "records: [], server: None"


def test_the_janitor_ends_a_real_expired_session(server):
    """A session connected and closed as a browser would, then expired: the janitor, through the
    adapter, deletes it from Streamlit's store, shuts it down and clears its state."""
    manager = internals.session_manager()

    async def lifetime():
        session_id = manager.connect_session(Browser(), ScriptData("app.py", False), {})
        session = manager.get_active_session_info(session_id).session
        assert isinstance(session, AppSession)
        internals.check(session, "AppSession", internals.SESSION_NEEDED)
        session.session_state["upload"] = b"bytes"
        assert internals.active_session_ids(manager) == {session_id}
        look = janitor.tick(None, internals.session_manager, lambda: None)
        manager.disconnect_session(session_id)  # the page closed: the session moves to the store
        assert internals.stored_sessions(manager) == {session_id: session}
        look = janitor.tick(look, internals.session_manager, lambda: None)
        manager._session_storage._cache._timer = lambda: math.inf  # past the TTL: no longer listed
        janitor.tick(look, internals.session_manager, lambda: None)
        return session

    session = run_async(lifetime())
    assert session.id and "upload" not in session.session_state
    assert internals.stored_sessions(manager) == {} and internals.active_session_ids(manager) == set()
    internals.forget_stored(manager, session.id)  # already gone: no error


def test_a_push_finds_a_real_session_by_its_state_and_reruns_its_page_once_idle(server):
    """A session connected as a browser would: open_sessions finds it by its st.session_state, and
    rerun_page asks it for a run with its own last URL (runOnSave's way), or waits while it runs."""
    manager = internals.session_manager()

    async def push():
        session_id = manager.connect_session(Browser(), ScriptData("app.py", False), {})
        session = manager.get_active_session_info(session_id).session
        internals.check(session, "AppSession", internals.PUSH_NEEDED)
        session.session_state["lv-room"] = "K7QXM"
        assert internals.open_sessions(lambda get: get("lv-room") == "K7QXM") == [session]
        assert internals.open_sessions(lambda get: get("lv-room-key") is not None) == []
        asked, waited = [], []
        session.request_rerun = asked.append
        session._scriptrunner = object()  # a run under way
        internals.rerun_page(session, waited.append)
        await asyncio.sleep(0.05)
        assert asked == [] and len(waited) == 1
        session._scriptrunner = None
        waited[0]()  # tried again, now idle
        assert asked == [session._client_state]
        manager.disconnect_session(session_id)

    run_async(push())


@pytest.mark.parametrize(
    ("owner", "attribute", "named"),
    [
        (
            "manager",
            "_storage_lock",
            r"has no Runtime\._session_mgr\._storage_lock: .* end the closed sessions",
        ),
        ("manager", "_session_storage", r"has no Runtime\._session_mgr\._session_storage: "),
        ("runtime", "_session_mgr", r"has no Runtime\._session_mgr: .*lossviz\.server\.janitor"),
        ("Runtime", "component_registry", r"has no Runtime\.component_registry: .*lossviz\.ui\.web"),
    ],
)
def test_a_missing_internal_is_named(server, monkeypatch, owner, attribute, named):
    """What an upgrade that drops an attribute looks like: the first reach fails, naming it."""
    target = {"manager": server._session_mgr, "runtime": server, "Runtime": Runtime}[owner]
    monkeypatch.delattr(target, attribute)
    with pytest.raises(internals.MissingInternal, match=named):
        internals.running()
    with pytest.raises(internals.MissingInternal, match=named):
        janitor.tick(None)


def test_a_missing_upload_store_is_named():
    context = type("ScriptRunContext", (), {"session_id": "s"})()
    with pytest.raises(internals.MissingInternal, match=r"ScriptRunContext\.uploaded_file_mgr: .*upload"):
        internals.check(context, "ScriptRunContext")


def test_outside_a_server_there_is_nothing_to_reach():
    assert internals.running() is None
    assert internals.session_manager() is None
    assert internals.component_registry() is None
    assert internals.upload_records("any") is None  # no script run in this thread
