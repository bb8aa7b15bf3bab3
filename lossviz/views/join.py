"""The room on the same page: the link a learner's phone opens, its QR code, and what a room shows.

Without a room the link names the tour step (and the predict-then-reveal mode), never the
language or presentation mode: each phone opens the step in its own language, at its own size.
With a room (lossviz.room) it names the room alone, `/?room=CODE`: the phone follows the
presenter to whatever step is shown, and the presenter's key never leaves the presenter's link.
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


def room_link(page_url, code):
    """The link that joins room `code`: the site's root (any page, any query dropped) with ?room=.

    >>> room_link("http://10.0.0.5:8501/lab?step=2&present=1&room=K7QXM&key=s3cret", "K7QXM")
    'http://10.0.0.5:8501/?room=K7QXM'
    >>> room_link("", "K7QXM")
    '?room=K7QXM'
    """
    if page_url:
        scheme, netloc = urlsplit(page_url)[:2]
        page_url = f"{scheme}://{netloc}/"
    return share_url(page_url, {"room": code})


def numbers_hidden(asks, step, room_step, phase):
    """Whether a step's numbers wait in a room: a step that asks (`asks`) hides them until the
    room reaches it and the presenter reveals it; the steps the room has passed show them.

    step, room_step: places in the continuous deck; phase: the room step's ("open", "locked",
    "revealed").
    >>> [numbers_hidden(True, s, 3, "open") for s in (2, 3, 4)], numbers_hidden(True, 3, 3, "revealed")
    ([False, True, True], False)
    >>> numbers_hidden(False, 4, 3, "open")
    False
    """
    return asks and (step > room_step or (step == room_step and phase != "revealed"))


def clock(seconds):
    """A duration as a presenter's timer shows it: m:ss, or h:mm:ss from an hour on.

    >>> clock(0), clock(75.9), clock(3600 + 62), clock(-3)
    ('0:00', '1:15', '1:01:02', '0:00')
    """
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


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
