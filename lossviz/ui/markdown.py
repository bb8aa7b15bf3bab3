"""Showing user-derived text through Streamlit's Markdown safely."""

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:])")


def escape_markdown(text):
    """Backslash-escape every Markdown, LaTeX ($) and directive (:red[…]) character.

    Messages quote what the user typed (`__import__`, `<script>`, `$x$`), which
    must show as typed, not render.
    >>> escape_markdown("'__x__' is $1$")
    "'\\\\_\\\\_x\\\\_\\\\_' is \\\\$1\\\\$"
    """
    return _SPECIAL.sub(r"\\\1", text)
