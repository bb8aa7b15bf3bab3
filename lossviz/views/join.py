"""The room on the same page: the link a learner's phone opens, and its QR code.

The link names the tour step (and the predict-then-reveal mode), never the language or
presentation mode: each phone opens the step in its own language, at its own size.
The QR code is drawn by segno, in pure Python, so it works offline.
"""

import io
from urllib.parse import urlsplit

import segno

from lossviz.words.export import share_url

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


def join_link(page_url, step, *, ask=False):
    """The link to tour step `step` of the page at page_url (any query it has is dropped).

    >>> join_link("http://10.0.0.5:8501/?step=2&lang=zh&present=1", 3, ask=True)
    'http://10.0.0.5:8501/?step=3&ask=1'
    >>> join_link("http://10.0.0.5:8501", 1)
    'http://10.0.0.5:8501/?step=1'
    """
    params = {"step": str(step)} | ({"ask": "1"} if ask else {})
    if page_url and not urlsplit(page_url).path:
        page_url += "/"
    return share_url(page_url, params)


def short_form(link):
    """The link as a person types it: without the scheme.

    >>> short_form("https://lossviz.example.org/?step=3")
    'lossviz.example.org/?step=3'
    """
    scheme = urlsplit(link).scheme
    return link[len(scheme) + 3 :] if scheme in ("http", "https") else link


def is_local(link):
    """Whether the link names this computer only, so that no phone in the room can open it.

    >>> is_local("http://127.0.0.1:8501/?step=1"), is_local("http://192.168.1.20:8501/?step=1")
    (True, False)
    """
    return (urlsplit(link).hostname or "") in LOCAL_HOSTS


def qr_svg(link):
    """`link` as a QR code: SVG markup, black on white with the standard 4-module quiet zone.

    Error correction M at least (segno raises it when the code has room); no width or height,
    so the page sizes it.
    """
    code = segno.make(link, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        border=4,
        dark="#000",
        light="#fff",
        xmldecl=False,
        omitsize=True,
        svgclass="lv-qr-code",
        lineclass=None,
    )
    return out.getvalue().decode("utf-8")
