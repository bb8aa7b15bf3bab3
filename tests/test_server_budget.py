"""The memory budget (lossviz.server.budget): uploads admitted as they arrive, reads reserved, and
everything a session holds let go with its files.

Sizes are small whole numbers of bytes, each charge counted by hand; Streamlit's own upload store
(MemoryUploadedFileManager) is routed through a budget the way the running server's is.
"""

import re
import threading
import time
from pathlib import Path

from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from lossviz.server import budget, internals

ROOT = Path(__file__).parents[1]


def test_the_default_is_sized_from_the_pods_memory_limit():
    deployment = (ROOT / "deploy" / "k8s" / "deployment.yaml").read_text()
    (limit,) = re.findall(r"limits:\s+cpu: \S+\s+memory: (\d+)Mi", deployment)
    assert int(limit) == budget.POD_LIMIT_MB
    # 1536 − 256 − 128 = 1152 MiB, the rest for the server itself and the copies a run makes.
    assert budget.DEFAULT_MB == 1152 < int(limit)
    assert budget.budget_mb({budget.BUDGET_VARIABLE: "512"}) == 512
    assert budget.budget_mb({budget.BUDGET_VARIABLE: "0"}) == budget.DEFAULT_MB
    assert budget.budget_mb({budget.BUDGET_VARIABLE: "-5"}) == budget.DEFAULT_MB


def test_uploads_leave_room_for_reads():
    b = budget.Budget(limit=100, uploads=80)
    assert b.admit_file("s1", "f1", 50)
    assert b.admit_file("s2", "f2", 30)  # 80: the uploads' share, exactly
    assert not b.admit_file("s3", "f3", 1)  # 81 would pass it
    assert b.refused("s3", "f3") == 1 and b.refused("s2", "f2") is None
    assert b.reserve("s1", ("read", "f1"), 20, wait=0)  # reads may use the last 20
    assert not b.reserve("s2", ("read", "f2"), 1, wait=0)  # 101 > 100: nothing charged
    assert b.total() == 100 and b.total("file") == 80 and b.total("read") == 20


def test_a_read_waits_for_room_and_gets_it_when_another_goes():
    b = budget.Budget(limit=100, uploads=100)
    b.admit_file("s1", "f1", 90)
    threading.Timer(0.2, b.release_file, ("s1", "f1")).start()
    t0 = time.monotonic()
    assert b.reserve("s2", ("read", "f2"), 50, wait=5)
    assert 0.15 < time.monotonic() - t0 < 4  # woken by the release, not by the deadline
    assert b.total() == 50


def test_a_read_that_never_fits_is_refused_after_its_wait():
    b = budget.Budget(limit=100, uploads=100)
    b.admit_file("s1", "f1", 90)
    t0 = time.monotonic()
    assert not b.reserve("s2", ("read", "f2"), 50, wait=0.2)
    assert time.monotonic() - t0 >= 0.2
    assert not b.reserve("s2", ("read", "f2"), 101, wait=5)  # larger than the budget: at once
    assert b.total() == 90


def test_a_session_lets_go_of_everything_at_once():
    b = budget.Budget(limit=1000, uploads=10)
    b.admit_file("s1", "f1", 10)
    b.admit_file("s1", "f2", 5)  # refused: over the uploads' share
    b.reserve("s1", ("read", "f1"), 100, wait=0)
    b.charge("s1", ("results", "f1"), 32)
    b.admit_file("s2", "f3", 0)
    b.charge("s2", ("results", "f3"), 7)
    b.release_session("s1")
    assert b.total() == 7 and b.refused("s1", "f2") is None


def test_an_empty_arrival_replaces_a_files_charge():
    # How a file is set aside once read: stored again, under its id, with no bytes.
    b = budget.Budget(limit=100, uploads=100)
    b.admit_file("s1", "f1", 60)
    assert b.admit_file("s1", "f1", 0)
    assert b.total() == 0


def rec(file_id, nbytes):
    return UploadedFileRec(file_id=file_id, name=f"{file_id}.csv", type="text/csv", data=b"x" * nbytes)


def test_streamlits_upload_store_is_charged_as_files_arrive_and_go():
    store, b = MemoryUploadedFileManager("/_stcore/upload_file"), budget.Budget(limit=100, uploads=80)
    internals.route_uploads(b.admit_file, b.release_file, b.release_session, store)
    internals.route_uploads(b.admit_file, b.release_file, b.release_session, store)  # once per store
    store.add_file(session_id="s1", file=rec("f1", 70))  # as Streamlit's upload route calls it
    store.add_file(session_id="s2", file=rec("f2", 20))  # 90 > 80: refused
    (kept,) = store.get_files("s2", ["f2"])
    assert kept.data == b"" and kept.name == "f2.csv"  # the upload succeeds, empty: the page says why
    assert b.refused("s2", "f2") == 20 and b.total() == 70
    store.remove_file("s1", "f1")  # the reader removes the file
    assert b.total() == 0
    store.add_file(session_id="s2", file=rec("f3", 20))
    store.remove_session_files("s2")  # the session ends
    assert b.total() == 0 and b.refused("s2", "f2") is None
    assert store.get_files("s2", ["f2", "f3"]) == []


def test_a_read_drops_other_sessions_results_the_largest_first():
    b, dropped = budget.Budget(limit=100, uploads=100), []
    b.charge("s1", ("results", "f1"), 30, lambda: dropped.append("s1"))
    b.charge("s2", ("results", "f2"), 50, lambda: dropped.append("s2"))
    b.charge("s3", ("results", "f3"), 10)  # nothing to drop it with: stays
    assert b.reserve("s4", ("read", "f4"), 40, wait=0)  # 90 held: 50 must go, not 30
    assert dropped == ["s2"] and b.total("results") == 40
    assert b.reserve("s1", ("read", "f5"), 20, wait=0)  # 80 held: 20 fit, nothing dropped
    # 100 held; one more byte: s1's own results are not dropped for it, and no other has a drop
    assert dropped == ["s2"] and not b.reserve("s1", ("read", "f6"), 1, wait=0)
    b.release_session("s1")
    assert b.evictors == {}


def test_a_read_takes_room_that_is_coming_before_it_drops_anyones_results():
    b, dropped = budget.Budget(limit=100, uploads=100), []
    b.charge("s1", ("results", "f1"), 30, lambda: dropped.append("s1"))
    b.admit_file("s2", "f2", 60)
    threading.Timer(0.2, b.release_file, ("s2", "f2")).start()  # a file set aside once read
    assert b.reserve("s3", ("read", "f3"), 40, wait=10)  # 90 held: 40 fit once the 60 go
    assert dropped == [] and b.total() == 70


def test_results_held_count_against_the_next_upload():
    b = budget.Budget(limit=100, uploads=80)
    b.charge("s1", ("results", "f1"), 70)
    assert not b.admit_file("s2", "f2", 20)  # 70 + 20 > 80
    assert b.admit_file("s2", "f3", 10)  # 80: exactly the share


def test_two_reads_at_a_time():
    b = budget.Budget(limit=1000, uploads=1000)
    assert b.reserve("s1", ("read", "f1"), 10, wait=0) and b.reserve("s2", ("read", "f2"), 10, wait=0)
    assert not b.reserve("s3", ("read", "f3"), 10, wait=0.1)  # room enough, but two are under way
    b.release("s1", ("read", "f1"))
    assert b.reserve("s3", ("read", "f3"), 10, wait=0)
