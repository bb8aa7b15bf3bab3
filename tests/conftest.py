"""Shared fixtures: the app file for AppTest, and a live server + Chromium for browser tests."""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from benchmarks.lib.browser import CHROMIUM, CHROMIUM_ARGS  # Debian's Chromium, never `playwright install`
from lossviz.server import launch

ROOT = Path(__file__).resolve().parents[1]
# The recording scripts in tests/reference run by hand where PyTorch, JAX and scikit-learn are
# installed; they hold no tests, and CI does not install those libraries. (A conftest.py of their
# own would shadow this one for every `from conftest import …`.)
collect_ignore_glob = ["reference/record*.py"]
APP = str(ROOT / "app.py")
ARTIFACTS = ROOT / "artifacts"
# Every number the pages show: an st.metric's value, or a value of the explorer's formula panels
# (lossviz/ui/formulas, a component), in page order.
VALUES = '[data-testid="stMetricValue"], .lv-formula-value'


@contextlib.contextmanager
def streamlit_process(script, log_name, *options):
    """`python -m streamlit run script [options]` on a free loopback port (lossviz.server.launch),
    its output in artifacts/<log_name>; yields (process, URL) once /_stcore/health answers, and
    fails the test if it does not."""
    ARTIFACTS.mkdir(exist_ok=True)
    with contextlib.ExitStack() as stack:
        try:
            proc, url = stack.enter_context(launch.serving(script, *options, log=ARTIFACTS / log_name))
        except launch.StartError as e:
            pytest.fail(str(e))
        yield proc, url


@contextlib.contextmanager
def streamlit_server(script, log_name):
    """`python -m streamlit run script` on a free loopback port; yields its URL once /_stcore/health answers."""
    with streamlit_process(script, log_name) as (_, url):
        yield url


def pytest_collection_modifyitems(items):
    """Browser tests belong to the slow tier, except the few marked `smoke`: the fast tier
    (`-m "not slow"`) keeps those, one server and one Chromium for all of them."""
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("smoke"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def app_url():
    """The app, `streamlit run app.py`, as a reader's browser reaches it."""
    with streamlit_server(APP, "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never `playwright install`."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: CI must `apt-get install -y chromium`.")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    yield p
    context.close()
