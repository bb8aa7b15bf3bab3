"""AppTest: the training page (/train) with its defaults, a link's settings, hostile link values,
the worst digits' links into the explorer, and the two published results."""

import math
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from lossviz.inputs.link import PARAM

TRAIN = "from lossviz.ui.train import main\nmain()\n"


def run(**params):
    at = AppTest.from_string(TRAIN, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def no_failure(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def finish_lines(at):
    return [m.value for m in at.markdown if "test accuracy" in m.value]


def controls(at):
    values = {s.label: s.value for s in at.slider}
    return values | {n.label: n.value for n in at.number_input}


def test_defaults_race_both_losses():
    at = run()
    no_failure(at)
    assert controls(at) == {
        "Learning rate η": PARAM["eta"].default,
        "Hidden units": PARAM["hidden"].default,
        "Initial weight scale": PARAM["scale"].default,
        "Epochs": PARAM["epochs"].default,
        "Seed": PARAM["seed"].default,
    }
    lines = finish_lines(at)
    assert [line.split(":")[0] for line in lines] == ["squared error", "cross-entropy"]
    # The race's point at the defaults: cross-entropy reaches 90 % test accuracy, squared error
    # does not within 20 epochs (tests/test_network.py checks the numbers against torch).
    assert "never reached 90 %" in lines[0] and "first reached 90 %" in lines[1]
    assert at.get("bidi_component")[0].key == "train-race"


def test_a_link_sets_the_controls():
    at = run(eta="0.5", hidden="10", scale="3", epochs="2", seed="7")
    no_failure(at)
    assert controls(at) == {
        "Learning rate η": 0.5,
        "Hidden units": 10,
        "Initial weight scale": 3.0,
        "Epochs": 2,
        "Seed": 7,
    }
    assert not any("Ignored" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("name", "value"),
    [("hidden", "abc"), ("epochs", "1e9"), ("eta", "nan"), ("scale", "-1"), ("seed", "99999999999")],
)
def test_a_hostile_link_value_falls_back_with_a_notice(name, value):
    at = run(**{name: value})
    no_failure(at)
    notices = [c.value for c in at.caption if "Ignored in the link" in c.value]
    assert len(notices) == 1 and name in notices[0], notices
    assert name not in at.query_params
    assert len(finish_lines(at)) == 2  # the race at the default settings


def test_each_worst_digit_opens_the_explorer_with_its_t_and_y():
    at = run(epochs="3", hidden="10")
    no_failure(at)
    links = at.get("page_link")
    assert len(links) == 8  # four digits for each loss
    assert len(at.get("image")) == 8
    for link in links:
        assert link.proto.page == "explorer"  # app.py's explorer, by its name
        query = parse_qs(link.proto.query_string)
        label = int(query["t"][0])
        y = [Decimal(v) for v in query["y"][0].split(",")]
        assert 0 <= label <= 9 and len(y) == 10
        assert sum(y) == 1  # written with 6 decimals that sum to exactly 1 (largest remainder)
        assert max(range(10), key=lambda k: y[k]) != label or y[label] < Decimal("0.5")


def test_the_two_published_results():
    at = run(epochs="1", hidden="5")
    metrics = {m.label: m.value for m in at.metric}
    # Nielsen ch. 3 (x = 1, y = 0, w = b = 2, η = 0.15), 50 updates recomputed with plain floats in
    # tests/test_network.py: 0.97590 and 0.09853.
    assert metrics["squared error: output after 50 epochs"] == "0.976"
    assert metrics["cross-entropy: output after 50 epochs"] == "0.099"
    # z = [−4, 3, 0], class 0, by hand: y0 = e^−4 / (e^−4 + e^3 + 1) = 0.000868; cross-entropy's
    # ∂E/∂z0 = y0 − 1 = −0.999; squared error's y0 [(y0 − 1) − Σ y_k (y_k − t_k)] = −0.00165.
    e = [math.exp(-4), math.exp(3), 1.0]
    y0 = e[0] / sum(e)
    assert metrics["cross-entropy: ∂E/∂z₀"] == f"{y0 - 1:.3g}".replace("-", "−")
    assert metrics["squared error: ∂E/∂z₀"] == "−0.00165"


def test_the_chinese_page_speaks_chinese():
    at = AppTest.from_string(
        "import streamlit as st\nst.session_state.lang = 'zh'\n" + TRAIN, default_timeout=60
    )
    at.query_params["epochs"] = "2"
    at.run()
    no_failure(at)
    assert at.title[0].value == "同一个网络，两种损失：学习真实的手写数字"
    assert [s.label for s in at.slider][0] == "学习率 η"
    assert any("测试准确率" in m.value for m in at.markdown)


def test_sixty_sessions_asking_at_once_cost_one_training(monkeypatch):
    import threading

    from lossviz.ui import train as page

    calls = []

    def counted(settings):
        calls.append(settings)
        threading.Event().wait(0.2)  # a training takes a while; the others arrive meanwhile
        return object()

    monkeypatch.setattr(page, "train", counted)
    page._trained.cache_clear()
    controls = (0.1, 5, 0.1, 1, 4321)  # settings no other test trains
    results = []
    threads = [threading.Thread(target=lambda: results.append(page.race(*controls))) for _ in range(60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    page._trained.cache_clear()  # the counted stand-in is no race for the other tests
    assert len(calls) == 1 and len(results) == 60 and len({id(r) for r in results}) == 1


def test_the_batch_page_reads_the_real_digits():
    at = AppTest.from_string("from lossviz.ui.batch import main\nmain()\n", default_timeout=60)
    at.query_params["source"] = "digits"
    at.run()
    no_failure(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Samples × classes"] == "359 × 10"  # the test split (lossviz/data/README.md)
    assert len(at.get("image")) == 6
    assert any("359 test digits" in c.value for c in at.caption)


def test_the_explorers_real_digit_is_the_default_networks_worst():
    from lossviz.ui import train as page
    from lossviz.views import train as views
    from lossviz.views.presets import PRESETS

    preset = next(p for p in PRESETS if p.key == "real-digit")
    trajectory = page.race(*(PARAM[name].default for name in views.CONTROLS))
    worst = views.worst_digits(trajectory, "cross-entropy", 1)[0]
    assert worst.explorer_query() == {"t": preset.t, "y": preset.y}


def test_the_workshop_slide_asks_which_loss_reaches_90_percent_first():
    at = run(step="1", ask="1")
    no_failure(at)
    assert at.header[0].value.startswith("Step 1 of 1")
    assert any("which loss reaches 90 % test accuracy first?" in m.value for m in at.markdown)
    at = run(step="1")
    metrics = {m.label: m.value for m in at.metric}
    # the default race (tests/test_network.py checks its numbers against torch)
    assert metrics == {"squared error: test accuracy": "82.5 %", "cross-entropy: test accuracy": "95.3 %"}


def test_one_click_starts_the_race_saturated():
    at = run(epochs="3")
    before = finish_lines(at)
    at.button[0].click().run()
    no_failure(at)
    assert controls(at)["Initial weight scale"] == 3.0
    assert at.query_params["scale"] == "3"
    assert finish_lines(at) != before  # another race: the one that starts saturated
