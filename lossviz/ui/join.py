"""The join panel: a QR code and a short link that put the room's phones on the step shown.

The link carries the step (and ?ask=1), not the language: each phone opens it in its own.
With a room open (lossviz.ui.room) the panel shows the room's code in large type beside one QR
code of /?room=CODE, for the whole session, and how many joined; the presenter's key is never in it.
The QR code is SVG from lossviz.views.join, sized by the page to be read from the back of a room.
"""

import base64
from html import escape
from urllib.parse import urlsplit

import streamlit as st

from lossviz.ui.caching import per_input
from lossviz.ui.i18n import tr
from lossviz.ui.markdown import escape_markdown
from lossviz.views.join import is_local, join_link, qr_svg, room_link, short_form

JOIN = "lv-join"  # session key of the switch that shows the panel


@per_input(64)
def _qr_img(link, alt):
    """The QR code as an <img> (st.html keeps images, not inline SVG), `alt` its accessible name."""
    data = base64.b64encode(qr_svg(link).encode("utf-8")).decode("ascii")
    return f'<img class="lv-qr-code" src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}">'


def join_ui(number, ask):
    """The panel for step `number`: what to do, the link in large type, and its QR code."""
    link = join_link(st.context.url, number, ask=ask)
    words, code = st.columns([5, 6], gap="large")
    with words:
        st.header(tr("join.heading"), anchor=False)
        st.html(f'<p class="lv-join-link">{escape(short_form(link))}</p>')
        st.markdown(tr("join.note", number=number))
        if is_local(link):
            st.caption(tr("join.local", host=urlsplit(link).netloc))
    with code:
        st.html(
            f'<div class="lv-qr" data-link="{escape(link)}">{_qr_img(link, tr("join.alt", link=link))}</div>'
        )


def room_join_ui(code, joined_ui):
    """The panel for room `code`: its code in large type, the site to type it on, its QR code, and
    how many joined (`joined_ui(code)` draws that count, live)."""
    link = room_link(st.context.url, code)
    words, qr = st.columns([5, 6], gap="large")
    with words:
        st.header(tr("room_ui.heading"), anchor=False)
        st.html(
            f'<p class="lv-room-caption">{escape(tr("room_ui.code_caption"))}</p>'
            f'<p class="lv-room-code">{escape(code)}</p>'
        )
        site = short_form(link).split("?")[0]
        st.markdown(tr("room_ui.note", site=escape_markdown(site)))
        joined_ui(code)
        if is_local(link):
            st.caption(tr("join.local", host=urlsplit(link).netloc))
    with qr:
        st.html(
            f'<div class="lv-qr" data-link="{escape(link)}">{_qr_img(link, tr("join.alt", link=link))}</div>'
        )
