"""Debian's Chromium as the browser tests start it (never `playwright install`), and the test of a
settled page that the browser benchmarks time each edit to."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SETTLED = """(expected) => {
    // A value of the explorer's formula panels (drawn with their formulas in the same task), an
    // st.metric's, or the bare app's Markdown.
    const shown = Array.from(document.querySelectorAll('.lv-formula-value, [data-testid="stMetricValue"], [data-testid="stMarkdown"]'))
        .some(el => el.innerText.includes(expected));
    const stale = document.querySelector('[data-stale="true"]');
    const running = document.querySelector('[data-testid="stStatusWidget"]');
    return shown && !stale && !running;
}"""
