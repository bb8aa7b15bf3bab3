"""AppTest: the page as Streamlit runs it, without a browser."""

from pathlib import Path

from streamlit.testing.v1 import AppTest


def test_default_page_shows_the_article_numbers():
    at = AppTest.from_file(str(Path(__file__).parents[1] / "app.py")).run()
    assert not at.exception
    values = [m.value for m in at.metric]
    assert "0.7775" in values and "2.9957" in values
