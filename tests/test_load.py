"""The load benchmark's protocol client (benchmarks/lib: loadclient, levels, scenarios) against the live app.

Short load runs on the explorer, the lab and the batch page, and one upload, where every number the
app sends back is checked against values computed here with numpy from what each session sent; and
one comparison with a real Chromium, which must send the same BackMsg for the same edit and show
the same elements. So the client the load figures rest on cannot drift from what a browser does.
"""

import asyncio
import io
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pytest
from conftest import ROOT, VALUES
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from benchmarks.lib.levels import run_level
from benchmarks.lib.loadclient import Session, user_key
from benchmarks.lib.scenarios import SCENARIOS
from benchmarks.lib.uploads import predictions_csv, uploader

pytestmark = pytest.mark.slow  # live servers, load levels and benchmark runs


def run_async(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API keeps an event loop running in the
    test thread once a browser test has run, and asyncio.run refuses to start inside one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


DELTA = 1e-7  # the article's δ in −log(y + δ)
EXPLORER_T = np.array([0.0, 1.0, 0.0, 0.0])  # the explorer's default t, "0, 1, 0, 0", which the sessions keep
THINK = (0.05, 0.2)
BOOK_LINK = "t=0,0,1,0,0,0,0,0,0,0&y=0.1,0.05,0.6,0,0.05,0.1,0,0.1,0,0"


def metrics_by_label(edit):
    return {label: (value, help_text) for label, value, help_text in edit.metrics}


def precise(help_text):
    """The full value the explorer puts in a metric's tooltip, "= 0.510825457"."""
    return float(help_text.removeprefix("= "))


def test_explorer_sessions_each_see_their_own_losses(app_url):
    level = run_async(run_level(app_url, [SCENARIOS["explorer"]], 5, 5, THINK, seed=1, timeout=60))
    assert level.errors == []
    assert len(level.edits) == 25
    assert len({e.value for e in level.edits}) > 20  # different inputs, so no session reads another's cache
    for edit in level.edits:
        assert edit.widgets["y"].string_value == edit.value
        y = np.array([float(v) for v in edit.value.split(",")])
        sse = 0.5 * np.sum((y - EXPLORER_T) ** 2)  # the article's E = ½ Σ (y − t)²
        cee = -np.log(y[1] + DELTA)  # −Σ t log(y + δ) with t one-hot on class 1
        shown = metrics_by_label(edit)
        value, help_text = shown["Squared error (the article's MSE)"]
        assert value == f"{sse:.4f}"
        assert precise(help_text) == pytest.approx(sse, rel=1e-9)
        value, help_text = shown["Cross-entropy error"]
        assert value == f"{cee:.4f}"
        assert precise(help_text) == pytest.approx(cee, rel=1e-9)


def test_lab_sessions_see_the_temperature_they_set(app_url):
    level = run_async(run_level(app_url, [SCENARIOS["lab"]], 3, 3, THINK, seed=2, timeout=60))
    assert level.errors == []
    assert len(level.edits) == 9
    for edit in level.edits:
        temperature = edit.value
        assert list(edit.widgets["T"].double_array_value.data) == [temperature]
        z = np.array([float(v) for v in edit.widgets["z"].string_value.split(",")]) / temperature
        c = int(edit.widgets["target"].string_value)
        log_softmax = z - np.logaddexp.reduce(z)  # log softmax(z/T), by log-sum-exp
        shown = metrics_by_label(edit)
        assert shown["Stable: −log_softmax(z/T), no δ"][0] == f"{-log_softmax[c]:.4f}"
        article = -np.log(np.exp(log_softmax[c]) + DELTA)  # the article's −log(softmax + δ)
        assert shown["The article's way: −log(softmax(z/T) + δ)"][0] == f"{article:.4f}"


def test_batch_sessions_see_a_consistent_sample(app_url):
    level = run_async(
        run_level(app_url, [SCENARIOS["batch"]], 3, 3, THINK, seed=3, timeout=60, keep_tables=True)
    )
    assert level.errors == []
    assert len(level.edits) == 9
    for edit in level.edits:
        assert list(edit.widgets["acc"].double_array_value.data) == [edit.value]
        shown = metrics_by_label(edit)
        assert shown["Samples × classes"][0] == "10,000 × 10"
        mean_cee = float(shown["Cross-entropy, mean over N"][0])
        sse_total = float(shown["Squared error ½Σ over all"][0])
        assert float(shown["Squared error per sample"][0]) == pytest.approx(sse_total / 10_000, abs=1e-4)
        worst = next(t for t in map(read_table, edit.tables) if "cross-entropy" in t.columns)
        p, cee, sse = (
            worst[c].to_numpy() for c in ("p on the true class", "cross-entropy", "squared error ½Σ(y−t)²")
        )
        assert len(worst) == 10  # the default "worst samples" count
        np.testing.assert_allclose(cee, -np.log(p + DELTA), rtol=1e-12)  # each sample's −log(p_true + δ)
        # One sample's ½ Σ (y − t)² = ½ ((1 − p)² + Σ_wrong y²), and the wrong classes' y sum to 1 − p,
        # so their squares sum to between 0 and (1 − p)²: ½(1 − p)² ≤ sse ≤ (1 − p)².
        assert np.all(sse >= 0.5 * (1 - p) ** 2 - 1e-9)
        assert np.all(sse <= (1 - p) ** 2 + 1e-9)
        assert np.all(np.diff(cee) <= 0)  # worst first
        assert mean_cee <= cee[0] + 1e-4  # the mean is at most the worst sample


def read_table(arrow_bytes):
    return pa.ipc.open_stream(arrow_bytes).read_all().to_pandas()


def expected_upload_metrics(data):
    """The batch page's figures for an uploaded predictions CSV (benchmarks.lib.uploads.predictions_csv), by numpy."""
    table = np.loadtxt(io.BytesIO(data), delimiter=",", skiprows=1)
    y, labels = table[:, :10], table[:, 10].astype(int)
    rows = np.arange(len(y))
    mean_cee = np.mean(-np.log(y[rows, labels] + DELTA))  # −(1/N) Σ log(y_label + δ)
    t = np.zeros_like(y)
    t[rows, labels] = 1.0
    sse_total = 0.5 * np.sum((y - t) ** 2)  # ½ Σ over every element, no division by N
    return {
        "Samples × classes": f"{len(y):,} × 10",
        "Cross-entropy, mean over N": f"{mean_cee:.4f}",
        "Squared error ½Σ over all": f"{sse_total:.4f}",
    }


def test_an_upload_shows_the_files_losses(app_url):
    data = predictions_csv(2_000, seed=4)
    out = run_async(uploader(data, 0.0, 60)(app_url))
    assert out["errors"] == []
    shown = {label: value for label, value, _ in out["metrics"]}
    assert expected_upload_metrics(data).items() <= shown.items()


# The data-testid of each kind of widget's element in the page, to know when the browser has drawn them all.
WIDGET_TESTIDS = {
    "text_input": "stTextInput",
    "text_area": "stTextArea",
    "checkbox": "stCheckbox",
    "slider": "stSlider",
    "number_input": "stNumberInput",
    "radio": "stRadio",
    "selectbox": "stSelectbox",
    "button_group": "stButtonGroup",
    "multiselect": "stMultiSelect",
    "file_uploader": "stFileUploader",
}
ALL_DRAWN = """(expected) => Object.entries(expected).every(
    ([testid, n]) => document.querySelectorAll(`[data-testid="${testid}"]`).length >= n)"""


@pytest.mark.browser
def test_the_client_sends_what_chromium_sends(page, app_url):
    """Same link, same edit: the same rerun BackMsg, and the same elements and numbers come back."""
    new_y = "0.05, 0.05, 0.7, 0, 0.05, 0.05, 0, 0.1, 0, 0"

    async def client():
        session = Session(app_url, "", BOOK_LINK)
        first = await session.open()
        first_msg = session.last_back_msg.rerun_script
        widgets = Counter(WIDGET_TESTIDS[e.kind] for _, e in session.ordered() if e.kind in WIDGET_TESTIDS)
        await session.edit("y", new_y)
        await session.close()
        return session, first, first_msg, widgets

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        session, first, first_msg, widgets = pool.submit(asyncio.run, client()).result()
    assert first.errors == [] and session.runs[-1].errors == []

    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(f"{app_url}/?{BOOK_LINK}")
    metrics = page.locator(VALUES)
    expect(metrics.first).to_have_text("0.0975", timeout=30_000)  # the book's example: SSE 0.0975
    # A widget reports its value once it is drawn (some load their code lazily): as a reader
    # would, type only when the page is all there.
    page.wait_for_function(ALL_DRAWN, arg=dict(widgets), timeout=30_000)
    box = page.get_by_role("textbox", name="y — the predicted probabilities")
    box.fill(new_y)
    box.press("Enter")
    # ½ Σ (y − t)² = ½ (0.05² · 4 + 0.3² + 0.1²) = 0.055, by hand; −ln(0.7 + 1e-7) = 0.356674801.
    expect(metrics).to_have_text(["0.0550", "0.3567"], timeout=30_000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]') && !document.querySelector('[data-stale=\"true\"]')",
        timeout=30_000,
    )
    browser_reruns = [
        m.rerun_script for m in map(parse_back_msg, sent) if m.WhichOneof("type") == "rerun_script"
    ]

    edit_msg = session.last_back_msg.rerun_script
    assert len(browser_reruns) == 2
    assert first_msg.query_string == browser_reruns[0].query_string == BOOK_LINK
    assert edit_msg.query_string == browser_reruns[1].query_string
    assert edit_msg.page_script_hash == browser_reruns[1].page_script_hash != ""
    assert edit_msg.fragment_id == browser_reruns[1].fragment_id
    assert states(edit_msg) == states(browser_reruns[1])
    assert "y" in {user_key(i) for i in states(edit_msg)}
    shown = [e for _, e in session.ordered() if not e.kind.startswith("block:")]
    assert len(shown) == page.locator('[data-testid="stElementContainer"]').count()
    assert [body for _, body, _ in session.metrics()] == metrics.all_inner_texts() == ["0.0550", "0.3567"]


def parse_back_msg(payload):
    msg = BackMsg()
    msg.ParseFromString(payload)
    return msg


def states(client_state):
    """Widget id -> WidgetState; the order the widgets mounted in does not matter to the server."""
    return {w.id: w for w in client_state.widget_states.widgets}


def test_the_cpu_benchmark_runs_and_checks_every_edit():
    """python -m benchmarks.cpu_per_run end to end, briefly: it starts both apps, checks every edit's two
    losses (a wrong number makes it exit 1) and prints both figures (no timing is asserted)."""
    import subprocess

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.cpu_per_run",
            "--rounds",
            "1",
            "--edits",
            "6",
            "--pages",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "per edit" in done.stdout and "per first page" in done.stdout and "problems: 0" in done.stdout


def test_the_burst_benchmark_runs_and_checks_every_first_page():
    """python -m benchmarks.burst end to end, briefly: sessions opened at once on both apps and on the bare
    app with 3 more elements, every first page checked (a wrong number, or a bare+3 page without its
    3 lines, makes it exit 1); no timing is asserted."""
    import subprocess

    done = subprocess.run(
        [
            sys.executable,
            *("-m", "benchmarks.burst"),
            *("--sessions", "4", "--rounds", "1", "--bare-extra", "3"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "round 1: bare" in done.stdout and "problems: 0" in done.stdout
    assert "bare+3, median of the rounds' ratios" in done.stdout
