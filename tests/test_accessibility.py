"""axe-core's WCAG 2.2 A/AA audit (axe-playwright-python, Debian's Chromium) of every page and state
a reader can reach: no serious or critical violation anywhere.

The fast tier audits three states (the explorer as it opens, on a phone, the lab); the slow tier the
whole matrix: each chart view, the tour, presentation mode, the lab, the batch page with its
sample and its real digits, the training page, a stale picture under an input message, the dark theme and the phone.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ARTIFACTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
GRAVE = ("serious", "critical")
DESKTOP = {"viewport": {"width": 1400, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DARK = {**DESKTOP, "color_scheme": "dark"}  # Streamlit follows the system's theme by default
# Nothing of lossviz's is excluded. An element of Streamlit's own that lossviz cannot change would be
# listed here by its selector, with the element's name and why.
EXCLUDE = []
# Every page state audited draws at least one chart: it waits for them all to be drawn and the run
# to end (an audit of a half-drawn page would find a slider before its name arrives).
SETTLED = """() => !document.querySelector(
    '[data-testid="stStatusWidget"], [data-stale="true"], .lv-figure[data-state="loading"], .lv-drag[data-state="loading"]'
) && document.querySelector('.lv-figure[data-state="ready"], .lv-drag[data-state="ready"]')"""


def mismatched_t(page):
    """A t of 3 classes against y's 4: the message, and the last good picture under it."""
    box = page.get_by_role("textbox", name="t — the target")
    box.fill("0, 0, 1")
    box.press("Enter")
    expect(page.get_by_text("t has 3 entries but y has 4 entries")).to_be_visible(timeout=TIMEOUT)


# name -> (path and query, browser context, what the reader does first)
STATES = {
    "explorer": ("/", DESKTOP, None),
    "explorer-phone": ("/", PHONE, None),
    "lab": ("/lab", DESKTOP, None),
    "explorer-dark": ("/", DARK, None),
    "explorer-phone-dark": ("/", {**PHONE, "color_scheme": "dark"}, None),
    "view-neglog": ("/?view=neglog", DESKTOP, None),
    "view-surface": ("/?view=surface", DESKTOP, None),
    "view-surface-k3": ("/?view=surface&t=0,1,0&y=0.2,0.7,0.1", DESKTOP, None),
    "view-gradients": ("/?view=gradients", DESKTOP, None),
    "view-bars": ("/?view=bars", DESKTOP, None),
    "explorer-stale": ("/", DESKTOP, mismatched_t),
    "tour-step-4": ("/?step=4", DESKTOP, None),
    "tour-step-4-phone": ("/?step=4", PHONE, None),
    "present": ("/?present=1", {"viewport": {"width": 1280, "height": 720}}, None),
    "present-step-4": ("/?present=1&step=4", {"viewport": {"width": 1280, "height": 720}}, None),
    "lab-dark": ("/lab", DARK, None),
    "lab-phone": ("/lab", PHONE, None),
    "batch-sample": ("/batch", DESKTOP, None),
    "batch-sample-dark": ("/batch", DARK, None),
    "batch-sample-phone": ("/batch", PHONE, None),
    "train": ("/train", DESKTOP, None),
    "train-phone": ("/train", PHONE, None),
    "batch-digits": ("/batch?source=digits", DESKTOP, None),
    "zh": ("/?lang=zh", DESKTOP, None),
}
FAST = ("explorer", "explorer-phone", "lab")


def grave_violations(page):
    """axe-core's serious and critical violations of WCAG 2.2 A/AA on the page as it is now:
    ['rule: target (summary)', …]."""
    results = Axe().run(
        page,
        context={"exclude": EXCLUDE} if EXCLUDE else None,
        options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]},
    )
    return [
        f"{v['id']}: {node['target']} ({(node.get('failureSummary') or '').splitlines()[-1].strip()})"
        for v in results.response["violations"]
        if v["impact"] in GRAVE
        for node in v["nodes"]
    ]


def audit(browser, app_url, name):
    path, context, act = STATES[name]
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    try:
        page.goto(f"{app_url}{path}")
        page.wait_for_function(SETTLED, timeout=TIMEOUT)
        if act:
            act(page)
            page.wait_for_function(SETTLED, timeout=TIMEOUT)
        page.wait_for_timeout(1000)  # the charts settle their size and colours; late elements arrive
        page.wait_for_function(SETTLED, timeout=TIMEOUT)
        page.screenshot(path=str(ARTIFACTS / f"a11y-{name}.png"))
        assert grave_violations(page) == []
    finally:
        ctx.close()


@pytest.mark.smoke
@pytest.mark.parametrize("name", FAST)
def test_the_first_pages_have_no_serious_violation(browser, app_url, name):
    audit(browser, app_url, name)


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in STATES if name not in FAST])
def test_every_page_and_state_has_no_serious_violation(browser, app_url, name):
    audit(browser, app_url, name)


def test_a_caption_reads_at_aa_contrast_and_the_drag_table_scrolls_from_the_keyboard(browser, app_url):
    """The two findings of the first audit, asked directly: caption contrast ≥ 4.5:1 (WCAG 1.4.3)
    and a named, focusable scroll region for the per-class table (2.1.1)."""
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    try:
        page.goto(f"{app_url}/")
        page.wait_for_function(SETTLED, timeout=TIMEOUT)
        table = page.locator(".lv-drag-table")
        expect(table).to_have_attribute("tabindex", "0")
        expect(table).to_have_attribute("aria-label", "Every class's terms and slopes")
        results = Axe().run(
            page,
            context='[data-testid="stCaptionContainer"]',
            options={"runOnly": {"type": "rule", "values": ["color-contrast"]}},
        )
        assert results.response["violations"] == []
    finally:
        ctx.close()
