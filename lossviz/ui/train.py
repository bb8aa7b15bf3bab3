"""The training page (/train): one network learns real digits under each loss, side by side.

Widgets and layout only: the race is lossviz.maths.network.train, its words and worst digits
lossviz.views.train, its charts lossviz.charts.train, its words lossviz/words/strings/train.toml.
A race is trained once per settings for the whole process and shared by every session; Play
runs in the browser (lossviz/ui/train_player) with no rerun per epoch.
"""

import threading

import streamlit as st

from lossviz.charts import train as train_charts
from lossviz.charts.lab import LOSS_COLORS
from lossviz.charts.style import drawn, figure_json
from lossviz.maths.network import LOSSES, train
from lossviz.ui import explorer
from lossviz.ui.caching import per_input
from lossviz.ui.figure import plot
from lossviz.ui.i18n import lang, tr
from lossviz.ui.link import bound, open_link
from lossviz.ui.tour import tour_ui
from lossviz.ui.train_player import LABEL_KEYS, race_player
from lossviz.views import train as views
from lossviz.views import train_slides
from lossviz.views.presentation import CHART_PX, CHART_SCALE
from lossviz.words.i18n import LANGUAGES, text

RACES = 16  # trained races kept (each ~100 kB); the default's is the one most sessions share

SATURATING_SCALE = 3.0  # an initial weight scale that starts about a third of the digits saturated

# One training at a time: a page run that asks for a race being trained waits for it and then
# reads it from the cache, so sixty sessions opening the same settings at once cost one training.
_training = threading.Lock()


@per_input(RACES)
def _trained(*controls):
    if controls == tuple(train_slides.DEFAULTS.values()):
        return train_slides.race()  # the default race is the workshop deck's too: trained once
    return train(views.settings(*controls))


def race(*controls):
    """The Trajectory of these controls (views.CONTROLS' values), trained once per process."""
    with _training:
        return _trained(*controls)


@per_input(RACES * len(LANGUAGES))
def _player_data(controls, language):
    """(figure JSON, readouts) of one race in one language, written once and shared."""
    trajectory = race(*controls)
    figure = figure_json(train_charts.race_figure(trajectory, language))
    return figure, tuple(views.epoch_readouts(trajectory, language))


@per_input(RACES)
def _worst(controls):
    """{loss: [views.Worst]} of one race."""
    trajectory = race(*controls)
    return {loss: views.worst_digits(trajectory, loss) for loss in LOSSES}


@per_input(len(LANGUAGES))
def _neuron_chart(language):
    return drawn(train_charts.neuron_figure(views.neuron(), views.NEURON_MARKED, language))


def settings_ui():
    """The five controls, bound to the link; their values in views.CONTROLS' order."""
    with st.expander(tr("train.settings")):
        c1, c2 = st.columns(2)
        eta = c1.slider(tr("train.eta.label"), **bound("eta"), help=tr("train.eta.help"))
        hidden = c2.slider(tr("train.hidden.label"), **bound("hidden"), help=tr("train.hidden.help"))
        scale = c1.slider(tr("train.scale.label"), **bound("scale"), help=tr("train.scale.help"))
        epochs = c2.slider(tr("train.epochs.label"), **bound("epochs"), help=tr("train.epochs.help"))
        seed = c1.number_input(tr("train.seed.label"), **bound("seed"), help=tr("train.seed.help"))
    return (eta, hidden, scale, epochs, seed)


def race_ui(controls):
    figure, readouts = _player_data(controls, lang())
    present = st.session_state.get("present")  # projected: taller, with larger type
    race_player(
        figure,
        readouts=readouts,
        legend=[(tr(f"train.loss.{loss}"), LOSS_COLORS[loss]) for loss in LOSSES],
        labels={name: tr(f"train.player.{name}") for name in LABEL_KEYS},
        alt=tr("train.player.alt"),
        height=train_charts.RACE_HEIGHT * (CHART_SCALE if present else 1),
        text_px=CHART_PX if present else None,
        key="train-race",
    )
    finishes = views.finishes(race(*controls))
    for loss in LOSSES:
        st.markdown(views.finish_text(loss, finishes[loss], lang()))
    st.caption(tr("train.why"))
    st.button(
        tr("train.saturate.button", scale=f"{SATURATING_SCALE:g}"),
        on_click=_saturate,
        help=tr("train.saturate.help"),
        icon=":material/bolt:",
    )


def _saturate():
    st.session_state.scale = SATURATING_SCALE  # the bound slider writes it into the link


def worst_ui(controls):
    st.header(tr("train.worst.header"), anchor=False)
    st.caption(tr("train.worst.intro"))
    home = st.Page(explorer.main, url_path="explorer")  # app.py's explorer, by its name
    worst = _worst(controls)
    for loss, column in zip(LOSSES, st.columns(2), strict=True):
        with column:
            st.subheader(tr(f"train.loss.{loss}"), anchor=False)
            with st.container(horizontal=True, gap="small"):
                for w in worst[loss]:
                    with st.container(width=130, gap="small"):
                        st.image(
                            train_charts.digit_picture(w.pixels),
                            caption=views.worst_caption(w, lang()),
                            alt=tr("train.worst.alt", t=w.label),
                        )
                        st.page_link(
                            home,
                            label=tr("train.worst.open"),
                            help=tr("train.worst.open_help"),
                            icon=":material/open_in_new:",
                            query_params=w.explorer_query(),
                        )


def published_ui():
    st.header(tr("train.published.header"), anchor=False)
    st.markdown(tr("train.neuron.intro"))
    outputs = views.neuron_texts()
    cols = st.columns(2)
    for loss, col in zip(LOSSES, cols, strict=True):
        name = text(f"train.loss.{loss}", lang())
        col.metric(tr("train.neuron.metric", loss=name, epoch=views.NEURON_MARKED), outputs[loss])
    plot(_neuron_chart(lang()), "train-neuron", tr("train.neuron.chart_title"))
    gradients, y0 = views.stuck_texts()
    st.markdown(tr("train.stuck.intro", y0=y0))
    cols = st.columns(2)
    for loss, col in zip(LOSSES, cols, strict=True):
        col.metric(tr("train.stuck.metric", loss=text(f"train.loss.{loss}", lang())), gradients[loss])


def main():
    from lossviz.ui import slides  # a tour step (?step=) takes the page over as one screen

    if slides.wanted("train"):
        return slides.main("train")
    st.title(tr("train.title"), anchor=False)
    st.caption(tr("train.intro"))
    open_link("train")
    tour_ui("train")
    controls = settings_ui()
    race_ui(controls)
    worst_ui(controls)
    published_ui()
    st.caption(tr("train.data"))
