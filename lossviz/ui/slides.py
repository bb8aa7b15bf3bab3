"""A tour step as one screen: its title, a sentence or two, the inputs as chips, its numbers, one chart.

Each page (explorer, lab, batch) hands itself over while ?step= names one of its steps
(`if slides.wanted(page): return slides.main(page)`); its steps are lossviz.views.decks's.
With ?present=1 the slide fits one projector screen without scrolling (lossviz.views.presentation);
previous/next sit in the same place on every step and answer a clicker's keys. ?ask=1 hides each
step's numbers until they are revealed. In a room (lossviz.ui.room) the presenter's slide carries
the room's controls and, once revealed, its answers; a learner's has no presenter controls, but
the step's question with an answer box (lossviz.ui.room_panel). Widgets only: the content is
lossviz.views (slides, lab_slides, batch_slides).
"""

from html import escape

import streamlit as st

from lossviz.ui import room, room_panel, tour
from lossviz.ui.clicker import clicker
from lossviz.ui.drag import prediction_drag, reader_labels
from lossviz.ui.explorer_charts import compare
from lossviz.ui.i18n import lang, tr
from lossviz.ui.join import JOIN, join_ui, room_join_ui
from lossviz.ui.link import open_link
from lossviz.ui.markdown import escape_markdown
from lossviz.views.decks import deck, following, preceding
from lossviz.views.presentation import CHART_PX, PROJECTED_SLIDE_CSS, SLIDE_CSS, projected, screen_scale
from lossviz.words.formatting import format_loss

HIDDEN = "?"  # what a number shows until it is revealed
DRAG_HEIGHT_PX = 310  # step 4's drag chart on a projected 1280×720 slide (times the screen's scale)


def wanted(page="explorer"):
    """Whether this run shows one of `page`'s tour steps instead of the page."""
    return tour.current_step(page) is not None


def _on_key(page, where):
    """A clicker key: "next" reveals the step's numbers (when they wait) or moves on; else back."""
    number = tour.current_step(page)
    if number is None:
        return
    if where == "next":
        _forward(page, number, st.session_state.get("ask", False))
    else:
        tour.back(page, number)


def _forward(page, number, ask):
    """Next: in a room the presenter's reveals the room's answers first (its learners' numbers too)."""
    if not room.reveal_first(page, number):
        tour.forward(page, number, ask and room.ROOM not in st.session_state)


def _reveal(page, number):
    if room.KEY in st.session_state:
        room.control("reveal")
    else:
        tour.reveal(page, number)


def _switches_ui(page, number, view):
    """The left of the bar: a learner's room line; a presenter's room controls; else the switches."""
    if view is not None and not view.seat.presenter:
        room.learner_ui()
        return False

    def end_tour_ui():
        st.button(
            tr("tour.end"),
            key="tour-end",
            on_click=tour.end_tour,
            args=(page, number),
            help=tr(f"{deck(page).words}.end_help"),
            icon=":material/close:",
        )

    ask = False if view is not None else tour.ask_toggle()
    st.toggle(tr("join.toggle"), key=JOIN, help=tr("join.toggle_help"))
    if view is not None:
        room_panel.presenter_ui(view, page, number, end_tour_ui)
    else:
        end_tour_ui()
    return ask


def nav_ui(page, number, view=None):
    """The switches, the way out, and previous / reveal / next: the same place on every step.

    Under the step pills on a normal screen; fixed along the bottom edge when presenting.
    view: the room seen from this slide (lossviz.ui.room.SlideRoom), None outside a room.
    Returns (ask, hidden): whether ?ask=1 is on and this step's numbers still wait.
    """
    learner = view is not None and not view.seat.presenter
    with st.container(key="lv-slide-nav", horizontal=True, horizontal_alignment="distribute"):
        with st.container(horizontal=True, gap="small", vertical_alignment="center", width="content"):
            ask = _switches_ui(page, number, view)
        hidden = view.hidden if view is not None else ask and not tour.is_revealed(page, number)
        with st.container(horizontal=True, gap="small", width="content"):
            st.button(
                tr("tour.previous"),
                key="tour-prev",
                disabled=preceding(page, number) is None,
                on_click=tour.back,
                args=(page, number),
            )
            if hidden and not learner and (view is None or view.current):
                st.button(
                    tr("slides.reveal"),
                    key="tour-reveal",
                    on_click=_reveal,
                    args=(page, number),
                    type="primary",
                )
            elif following(page, number):
                after = following(page, number)
                title = deck(after[0]).steps(lang())[after[1] - 1].title
                st.button(
                    tr("tour.next"),
                    key="tour-next",
                    on_click=_forward,
                    args=(page, number, ask),
                    type="primary",
                    help=tr("room_ui.next", title=title)
                    if view is not None and view.seat.presenter
                    else None,
                )
            elif not learner:
                st.button(
                    tr("tour.finish"),
                    key="tour-finish",
                    on_click=tour.end_tour,
                    args=(page, number),
                    type="primary",
                )
    return ask, hidden


def _chips_html(chips):
    items = "".join(f'<span class="lv-chip"><b>{escape(c.name)}</b>= {escape(c.value)}</span>' for c in chips)
    return f'<div class="lv-chips">{items}</div>'


def _rows_html(rows):
    head = "".join(f"<th>{escape(tr(f'slides.rows.{name}'))}</th>" for name in ("n", "y", "t", "loss"))
    body = "".join(
        f'<tr><td>{r.n}</td><td>{escape(r.y)}</td><td>{r.t}</td><td class="lv-loss">{format_loss(r.loss)}</td></tr>'
        for r in rows
    )
    table = f'<table class="lv-rows"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return f'<div class="lv-rows-box">{table}</div>'


def numbers_ui(slide, hidden):
    """The step's formula (if it has one) and numbers, question marks in their place until revealed."""
    with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
        if slide.formula:
            with st.container(width="content"):
                st.latex(slide.formula)
        for i, n in enumerate(slide.numbers):
            with st.container(key=f"lv-number-{n.kind}-{i}", width="content"):
                st.metric(n.label, HIDDEN if hidden else n.text, width="content")


def body_ui(page, number, hidden, scale, view=None):
    d = deck(page)
    step, slide = d.steps(lang())[number - 1], d.slides(lang())[number - 1]
    st.header(tr("tour.step_heading", number=number, total=d.count, title=step.title), anchor=False)
    wide = slide.rows or len(slide.numbers) + bool(slide.formula) > 2  # rows, or three in a row
    words, picture = st.columns([6, 5] if wide else [5, 6], gap="large")
    asked = view is not None and view.question is not None
    with words:
        if asked and not view.seat.presenter:
            room_panel.answer_ui(view, page, number)  # the question, first: a phone shows it at once
            if not hidden:
                st.markdown(step.text)
        elif asked and hidden:
            st.markdown(f"**{escape_markdown(tr(view.question.prompt, **view.question.params))}**")
        else:
            st.markdown(f"**{step.ask}**" if hidden else step.text)
        if slide.chips:
            st.html(_chips_html(slide.chips))
        if slide.rows:
            st.html(_rows_html(slide.rows))
        numbers_ui(slide, hidden)
    with picture, st.container(key="lv-chart"):
        if asked and view.seat.presenter and view.current and not hidden:
            room_panel.chart_ui(view, scale)
        elif hidden:
            st.info(tr("slides.hidden"), icon=":material/psychology_alt:")
        elif slide.chart == "drag":
            drag_ui(step, scale)
        else:
            chart_ui(slide, scale)


def chart_ui(slide, scale):
    """The step's one chart; projected (scale: the screen's, else None) its type is larger and it
    fills the slide's height."""
    st.plotly_chart(
        slide.figure if scale is None else projected(slide.figure, scale),
        key=f"slide-{slide.chart}",
        height="content" if scale is None else "stretch",
        config={"displaylogo": False, "displayModeBar": False},
    )


def _keep_dragged(y):
    st.session_state.slide_drag_y = y


def drag_ui(step, scale):
    """The explorer's step 4: the −log curve and δ, where the room drags p towards 0 (its drag chart).

    Its live numbers follow the point; a release keeps the dragged y for this slide's reruns.
    """
    c = compare(step.opens["t"], step.opens["y"])
    y = st.session_state.get("slide_drag_y", c.y)
    prediction_drag(
        y,
        c.target_class,
        labels=reader_labels(),
        key="slide-drag",
        on_commit=_keep_dragged,
        text_px=None if scale is None else round(CHART_PX * scale),
        height_px=None if scale is None else round(DRAG_HEIGHT_PX * scale),
    )


def main(page="explorer"):
    """Draw the step of `page` that ?step= (or the pills) names, as a slide."""
    tour.switch_if_asked(page)
    open_link(page)
    present = st.session_state.get("present", False)
    st.html(SLIDE_CSS + (PROJECTED_SLIDE_CSS if present else ""))
    screen = clicker(lambda where: _on_key(page, where))
    view = room.on_page(page, tour.current_step(page))  # a learner may be sent to the room's step
    with st.container(key="lv-slide-top"):
        number = tour.step_pills(page, collapsed=True)
        room.notice_ui()
    if number is None:  # the step shown was clicked off: the page takes over at once
        st.rerun()
    st.session_state[tour.SHOWN] = (page, number)
    ask, hidden = nav_ui(page, number, view)
    with st.container(key="lv-slide"):
        if st.session_state.get(JOIN) and view is not None and view.seat.presenter:
            room_join_ui(view.seat.code, room_panel.joined_ui)
        elif st.session_state.get(JOIN) and view is None:
            join_ui(number, ask)
        else:
            body_ui(page, number, hidden, screen_scale(screen) if present else None, view)
