"""Each step's question (lossviz.room.questions): truths, misconceptions, checks and tallies.

Every expected number is computed by hand in its comment (ln, log₁₀ and squares of the article's
examples), or quoted from the page's own figures where the step is the batch page's simulation.
"""

import math

import pytest
import room_servers

from lossviz.room import RoomError, questions, rooms
from lossviz.room.tallies import bin_edges

store, redis_url = room_servers.store, room_servers.redis_url  # fixtures: each test on both backends
NOW = 1_000_000.0
DRAG_Y = [0.2, 0.3679, 0.2321, 0.2]  # p = 0.3679 ≈ e⁻¹ on the correct class 1, the rest summing to 0.6321


def test_the_deck_has_14_steps_across_four_pages():
    assert questions.COUNT == 14  # explorer 6 + lab 4 + batch 3 + training 1
    positions = [questions.deck_position(s) for s in range(1, 15)]
    assert positions[5:8] == [("explorer", 6), ("lab", 1), ("lab", 2)]
    assert positions[-2:] == [("batch", 3), ("train", 1)]
    assert all(questions.global_step(*p) == s for s, p in enumerate(positions, start=1))
    for not_a_step in (0, 15, -1, 1.0, "1", True, None):
        assert questions.deck_position(not_a_step) is None and questions.for_step(not_a_step) is None


def test_every_step_has_a_question_with_a_prompt_in_both_languages():
    from lossviz.words.i18n import text

    assert [questions.for_step(s).step for s in range(1, 14)] == list(range(1, 14))
    for step in range(1, 14):
        page, local = questions.deck_position(step)
        assert questions.for_step(step).prompt == f"room.prompt.{page}{local}"
    kinds = [questions.for_step(s).kind for s in range(1, 14)]
    assert set(kinds) == {"number", "choice", "drag"}
    for step in range(1, 14):
        q = questions.for_step(step)
        for lang in ("en", "zh"):
            assert text(q.prompt, lang, **q.params)
            for key in q.choices:
                assert text(f"room.choice.{key}", lang)
            for key in q.slips if q.kind != "choice" else q.slips.values():
                assert text(f"room.misconception.{key}", lang)


@pytest.mark.parametrize(
    ("step", "truth", "slips"),
    [
        # ½[(0.1)² + (0.95)² + (0.05)² + (0.8)²] = ½ · 1.555; −ln(0.05 + 10⁻⁷) = 2.995730
        (1, 0.7775, {"cross_entropy": 2.995730, "no_half": 1.555}),
        # ½[0.01 + 0.04 + 0.0025 + 0.0025] = ½ · 0.055; −ln(0.8 + 10⁻⁷) = 0.223144
        (2, 0.0275, {"cross_entropy": 0.223144, "no_half": 0.055}),
        # (−ln 0.05 − ln 0.8) / 2 = ln 25 / 2 = ln 5 = 1.609438; the sum ln 25 = 3.218876;
        # log₁₀ 5 = 0.698970; squared errors (0.7775 + 0.0275) / 2 = 0.4025 (δ moves each by ≤ 2 · 10⁻⁶)
        (
            5,
            1.609438,
            {"squared_error": 0.4025, "log10": 0.698970, "no_minus": -1.609438, "sum_not_mean": 3.218876},
        ),
        # −ln(0 + 10⁻⁷) = 7 ln 10 = 16.118096; log₁₀: 7; squared error ½(1² + 1²) = 1; without δ: ∞ (left out)
        (7, 16.118096, {"squared_error": 1.0, "log10": 7.0, "no_minus": -16.118096}),
    ],
)
def test_number_questions_and_their_misconceptions(step, truth, slips):
    q = questions.for_step(step)
    assert q.kind == "number"
    assert q.truth == pytest.approx(truth, abs=1e-5)
    assert q.slips == pytest.approx(slips, abs=1e-5)
    assert q.lo < min(truth, *slips.values()) and max(truth, *slips.values()) < q.hi


def test_the_share_question_names_the_share_of_samples():
    q = questions.for_step(12)
    # the batch page's figures (docs and decks.toml's texts): 27.7 % misclassified carry 68.7 %
    # of the cross-entropy and 67.5 % of the squared error (too close to the truth to be named)
    assert (q.truth, q.unit, q.lo, q.hi) == (pytest.approx(68.66, abs=0.01), "%", 0.0, 100.0)
    assert q.slips == {"count_share": pytest.approx(27.72)}


@pytest.mark.parametrize(
    ("step", "choices", "truth"),
    [
        (3, ("sse", "cee"), "cee"),  # 2.9957 > 0.7775
        (4, ("infinity", "error", "number"), "number"),  # −ln(10⁻⁷) = 16.118, finite thanks to δ
        (8, ("nan", "infinity", "exact"), "nan"),  # exp(1000) = inf in float64, inf / inf = NaN
        # softmax([2, 1, 0.1] / T)₀ = 0.8668, 0.6590, 0.5017 for T = 0.5, 1, 2: −ln rises
        (9, ("more", "less", "same"), "more"),
        # y = softmax([2, 1, 0.1]) = [0.6590, 0.2424, 0.0986]; one-hot: −ln 0.6590 = 0.4170;
        # ε = 0.1: 0.9333 · 0.4170 + 0.0333 · (1.4170 + 2.3170) = 0.5137, more
        (10, ("more", "less", "same"), "more"),
        (11, ("above", "below"), "above"),  # the page's figures: mean 1.2440, median 0.6758
        (13, ("close", "far"), "far"),  # the page's figures: from 3.4963 to 8.4369, 4.9 apart
        # the training page's race at its defaults: cross-entropy's run reaches 90 % test accuracy at
        # epoch 4, squared error's not within 20 epochs (tests/test_network.py checks it against torch)
        (14, ("sse", "cee"), "cee"),
    ],
)
def test_choice_questions(step, choices, truth):
    q = questions.for_step(step)
    assert (q.kind, q.choices, q.truth) == ("choice", choices, truth)


def test_the_drag_question_and_where_log10_stops():
    q = questions.for_step(6)
    assert (q.kind, q.truth, q.classes, q.label) == ("drag", 1.0, 4, 1)
    assert q.target == pytest.approx(0.367879, abs=1e-6)  # −ln(p + δ) = 1: p = e⁻¹ − 10⁻⁷
    # −log₁₀ p = 1 at p = 0.1, where the true cross-entropy is −ln 0.1 = 2.302585; the minus
    # dropped (ln p = 1: p = e) and squared error (½(1 − p)² · 4/3 ≤ 2/3) never reach 1
    assert q.slips == {"log10": pytest.approx(2.302585, abs=1e-5)}


@pytest.mark.parametrize(
    ("step", "value", "named"),
    [
        (1, 0.7775, "right"),
        (1, 0.78, "right"),  # within ±2 %
        (1, 1.555, "no_half"),
        (1, 2.9957, "cross_entropy"),
        (1, 0.5, None),
        (2, 0.055, "no_half"),
        (5, 1.6094, "right"),
        (5, 3.2189, "sum_not_mean"),
        (5, 0.699, "log10"),
        (5, -1.6094, "no_minus"),
        (5, 0.4025, "squared_error"),
        (7, 16.1181, "right"),
        (7, 7, "log10"),
        (7, -16.1181, "no_minus"),
        (4, "number", "right"),
        (4, "infinity", "no_delta"),  # −log 0 = ∞: the answer of someone who forgets δ
        (4, "error", None),
        (3, "sse", None),
        (6, 0.3679, "right"),  # −ln 0.3679 = 0.99997
        (6, DRAG_Y, "right"),
        (6, 0.1, "log10"),  # −log₁₀ 0.1 = 1
        (6, 0.9, None),  # −ln 0.9 = 0.105
        (12, 70.0, "right"),
        (12, 27.7, "count_share"),
    ],
)
def test_misconceptions_are_named(step, value, named):
    assert questions.misconception(step, value) == named


@pytest.mark.parametrize(
    ("step", "value"),
    [
        (1, math.nan),
        (1, math.inf),
        (1, -math.inf),
        (1, 1e300),
        (1, 101.0),  # bounds ±100 around losses below 10
        (1, True),
        (1, "0.7775"),
        (1, None),
        (1, [0.7775]),
        (3, "CEE"),
        (3, 1),
        (3, ""),
        (12, -1.0),
        (12, 100.5),
        (6, 1.2),
        (6, -0.1),
        (6, [0.5, 0.5]),  # not 4 classes
        (6, [0.3, 0.3, 0.3, 0.3]),  # sums to 1.2
        (6, [0.5, 0.5, 0.5, -0.5]),
        (6, [math.nan, 0.5, 0.5, 0.0]),
        (6, ["0.25"] * 4),
        (6, "0.36"),
        (0, 1.0),
        (14, 1.0),
    ],
)
def test_out_of_bounds_answers_are_refused(step, value):
    with pytest.raises(RoomError):
        questions.check(step, value)


def test_bins_are_centred_on_the_truth():
    # width 0.5 around 1.0: centres 0, 0.5, 1, 1.5, 2, edges half a width either side
    assert bin_edges(1.0, 0.5, [0.1, 2.0]).tolist() == [-0.25, 0.25, 0.75, 1.25, 1.75, 2.25]
    wide = bin_edges(0.0, 0.01, [0.0, 100.0])  # 10,001 bins of 0.01 are too many: ≤ 60, wider
    assert len(wide) - 1 <= 60 and wide[0] <= 0.0 <= wide[-1] and wide[-1] >= 100.0
    assert 0.0 in ((wide[:-1] + wide[1:]) / 2).round(9)


def test_a_number_tally_counts_right_answers_and_named_misconceptions():
    q = questions.for_step(1)
    tally = questions.tally(q, [0.7775, 0.78, 1.555, 2.9957, 0.5, math.nan, "x"])
    assert (tally.kind, tally.total, tally.right) == ("number", 5, 2)  # NaN and "x" are not answers
    assert sum(tally.counts) == 5
    assert {m.key: m.count for m in tally.marks} == {"cross_entropy": 1, "no_half": 1}
    centre = tally.edges.index(min(tally.edges, key=lambda e: abs(e - (0.7775 - q.tolerance))))
    assert tally.counts[centre] == 2  # 0.7775 and 0.78 share the truth's bin


def test_a_drag_tally_is_on_the_axis_of_the_loss_reached():
    q = questions.for_step(6)
    tally = questions.tally(q, [0.3679, DRAG_Y, 0.1, 1.0])
    assert (tally.truth, tally.total, tally.right) == (1.0, 4, 2)
    assert {m.key: m.count for m in tally.marks} == {"log10": 1}
    assert tally.edges[0] <= -math.log(1.0 + 1e-7)  # p = 1 reaches −ln(1 + δ) ≈ 0, inside the axis
    assert tally.edges[-1] >= math.log(10)  # p = 0.1 reaches 2.3026


def test_a_choice_tally_counts_each_choice():
    tally = questions.tally(questions.for_step(4), ["number", "infinity", "infinity", "error", "nope"])
    assert (tally.kind, tally.choices, tally.counts) == ("choice", ("infinity", "error", "number"), (2, 1, 1))
    assert (tally.total, tally.right, tally.truth) == (4, 1, "number")


def test_an_empty_tally():
    tally = questions.tally(questions.for_step(5), [])
    assert (tally.total, tally.right, sum(tally.counts)) == (0, 0, 0)
    assert tally.edges[0] < 1.609438 < tally.edges[-1]


def test_the_rooms_stored_answers_tally_as_given(store):
    code, key = rooms.create(store, NOW)
    rooms.control(store, code, key, "goto", NOW, step=5)
    sent = {"m1": 1.6094, "m2": 3.2189, "m3": 0.699, "m4": 1.61, "m5": 2.5}
    for member, value in sent.items():
        rooms.join(store, code, member, "", member, NOW)
        rooms.answer(store, code, member, 5, value, NOW)
    rooms.control(store, code, key, "reveal", NOW)
    stored = rooms.answers(store, code, 5, member_id="m1", now=NOW)
    assert sorted(stored.values()) == sorted(sent.values())
    tally = questions.tally(questions.for_step(5), list(stored.values()))
    assert (tally.total, tally.right) == (5, 2)
    assert {m.key: m.count for m in tally.marks} == {
        "squared_error": 0,
        "log10": 1,
        "no_minus": 0,
        "sum_not_mean": 1,
    }


def test_a_dragged_vector_is_stored_and_tallied(store):
    code, key = rooms.create(store, NOW)
    rooms.control(store, code, key, "goto", NOW, step=6)
    rooms.join(store, code, "m1", "", "c", NOW)
    rooms.answer(store, code, "m1", 6, DRAG_Y, NOW)
    stored = rooms.answers(store, code, 6, key=key, now=NOW)
    assert stored == {"m1": DRAG_Y}
    assert questions.tally(questions.for_step(6), list(stored.values())).right == 1
