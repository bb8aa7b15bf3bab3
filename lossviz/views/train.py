"""What the training page shows for one set of settings: the race, its words, the worst digits,
and two published results, computed and put into words in one place.

The race itself is lossviz.maths.network.train (pure, float64); the page caches it per settings
(lossviz.ui.train). Every function here takes a Trajectory or plain values and returns plain
values, texts in the reader's language, or frozen dataclasses.
"""

from dataclasses import dataclass

import numpy as np

from lossviz.data import load_digits
from lossviz.inputs.parsing import format_rounded
from lossviz.maths.losses import cross_entropy_terms_checked, squared_error_terms_checked
from lossviz.maths.network import LOSSES, Settings, logit_gradients, one_hot_rows, sigmoid_neuron
from lossviz.maths.softmax import softmax_checked
from lossviz.views.batch import analyse_batch
from lossviz.words.i18n import DEFAULT_LANGUAGE, text

# The page's controls (link names), in the order `settings` takes them.
CONTROLS = ("eta", "hidden", "scale", "epochs", "seed")
WORST = 4  # digits shown per loss
TARGET_ACCURACY = 0.9  # the race's finishing line: test accuracy
EXPLORER_DECIMALS = (
    6  # y in the explorer's link: 6 decimals summing to exactly 1 (a confident miss keeps its y_t)
)

# Nielsen, Neural Networks and Deep Learning, ch. 3: one neuron, x = 1, y = 0, w = b = 2, η = 0.15.
NEURON = {"w": 2.0, "b": 2.0, "x": 1.0, "y": 0.0, "learning_rate": 0.15}
NEURON_EPOCHS, NEURON_MARKED = 300, 50
# Three classes, true class 0, logits [z0, 3, 0] at z0 = −4.
STUCK_LOGITS, STUCK_CLASS = (-4.0, 3.0, 0.0), 0


def settings(eta, hidden, scale, epochs, seed):
    """The network's Settings from the page's controls (checked by the link table's bounds)."""
    return Settings(learning_rate=eta, hidden=hidden, weight_scale=scale, epochs=epochs, seed=seed)


def first_epoch_reaching(accuracy, target=TARGET_ACCURACY):
    """The first epoch whose accuracy is at least `target`, or None.

    >>> first_epoch_reaching(np.array([0.1, 0.85, 0.91, 0.95])), first_epoch_reaching(np.array([0.1, 0.5]))
    (2, None)
    """
    reached = np.flatnonzero(accuracy >= target)
    return int(reached[0]) if reached.size else None


@dataclass(frozen=True)
class Finish:
    """One run's result: final test accuracy, the epoch it first reached TARGET_ACCURACY (or None),
    and its saturated share at the start and at the end."""

    test_accuracy: float
    reached: int | None
    saturated_start: float
    saturated_end: float


def finishes(trajectory):
    """{loss: Finish} for both runs of a Trajectory."""
    return {
        loss: Finish(
            float(run.test_accuracy[-1]),
            first_epoch_reaching(run.test_accuracy),
            float(run.saturated[0]),
            float(run.saturated[-1]),
        )
        for loss, run in trajectory.runs.items()
    }


def percent(x):
    """A share 0 … 1 as a percentage with one decimal.

    >>> percent(0.825)
    '82.5 %'
    """
    return f"{100 * x:.1f} %"


TARGET_TEXT = f"{100 * TARGET_ACCURACY:.0f} %"


def finish_text(loss, finish, lang=DEFAULT_LANGUAGE):
    """One sentence on one run's finish, in `lang`.

    >>> finish_text("squared", Finish(0.825, None, 0.095, 0.0))
    'squared error: 82.5 % test accuracy; never reached 90 %.'
    """
    name = text(f"train.loss.{loss}", lang)
    if finish.reached is None:
        return text(
            "train.finish.never", lang, loss=name, acc=percent(finish.test_accuracy), target=TARGET_TEXT
        )
    return text(
        "train.finish.reached",
        lang,
        loss=name,
        acc=percent(finish.test_accuracy),
        target=TARGET_TEXT,
        epoch=finish.reached,
    )


def epoch_readouts(trajectory, lang=DEFAULT_LANGUAGE):
    """The player's line under the chart for each epoch 0 … E: test accuracy and saturated share
    of both runs, in `lang`."""
    sq, ce = (trajectory.runs[loss] for loss in LOSSES)
    return [
        text(
            "train.player.readout",
            lang,
            epoch=e,
            epochs=trajectory.settings.epochs,
            sq_acc=percent(sq.test_accuracy[e]),
            ce_acc=percent(ce.test_accuracy[e]),
            sq_sat=percent(sq.saturated[e]),
            ce_sat=percent(ce.saturated[e]),
        )
        for e in range(trajectory.settings.epochs + 1)
    ]


@dataclass(frozen=True)
class Worst:
    """A test digit a run gets wrong: its index in the test split, pixels (64,), true label t,
    the run's y (10,), its guess argmax y, and the run's own loss on it."""

    index: int
    pixels: tuple
    label: int
    y: tuple
    guess: int
    loss: float

    def explorer_query(self):
        """The explorer's link parameters for this digit: t as its label, y with 6 decimals summing to 1."""
        return {"t": str(self.label), "y": format_rounded(self.y, decimals=EXPLORER_DECIMALS)}


def per_sample_loss(y, t, loss):
    """Each sample's own loss, (N,): ½ Σ_k (y − t)² or −Σ_k t log(y + δ). y, t: (N, K) checked."""
    if loss == "squared":
        return squared_error_terms_checked(y, t).sum(axis=1)
    return cross_entropy_terms_checked(y, t).sum(axis=1) * y.shape[0]


def worst_digits(trajectory, loss, n=WORST):
    """The n test digits on which `loss`'s final network has its largest own loss, worst first."""
    digits = load_digits()
    y = trajectory.runs[loss].predictions
    per_sample = per_sample_loss(y, one_hot_rows(digits.t_test), loss)
    order = np.argsort(-per_sample, kind="stable")[:n]
    return [
        Worst(
            int(i),
            tuple(int(v) for v in digits.x_test[i]),
            int(digits.t_test[i]),
            tuple(float(v) for v in y[i]),
            int(np.argmax(y[i])),
            float(per_sample[i]),
        )
        for i in order
    ]


def worst_caption(worst, lang=DEFAULT_LANGUAGE):
    """The caption under a worst digit: its t, y on the true class and the guess.

    >>> worst_caption(Worst(3, (0,) * 64, 7, (0.0,) * 7 + (0.02, 0.98, 0.0), 8, 3.9))
    't = 7 · y₇ = 0.020 · guess 8 (0.980)'
    """
    return text(
        "train.worst.caption",
        lang,
        t=worst.label,
        sub=str(worst.label).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")),
        p=f"{worst.y[worst.label]:.3f}",
        guess=worst.guess,
        q=f"{worst.y[worst.guess]:.3f}",
    )


BATCH_LOSS = "cross-entropy"  # the run whose test predictions the batch page reads


def digits_batch(trajectory, loss=BATCH_LOSS):
    """The batch page's BatchResult of real digits: `loss`'s final network on the 359 test digits."""
    return analyse_batch(trajectory.runs[loss].predictions, load_digits().t_test.astype(np.int64))


def neuron():
    """Nielsen's neuron under both costs: {loss: output a per epoch 0 … NEURON_EPOCHS}."""
    return sigmoid_neuron(
        NEURON["w"],
        NEURON["b"],
        x=NEURON["x"],
        y=NEURON["y"],
        learning_rate=NEURON["learning_rate"],
        epochs=NEURON_EPOCHS,
    )


def neuron_texts():
    """{loss: the neuron's output after NEURON_MARKED epochs, to 3 decimals}.

    >>> neuron_texts()
    {'squared': '0.976', 'cross-entropy': '0.099'}
    """
    return {loss: f"{a[NEURON_MARKED]:.3f}" for loss, a in neuron().items()}


def stuck_texts():
    """({loss: ∂E/∂z0 to 3 significant digits}, y0 to 2) of stuck_logit.

    >>> stuck_texts()
    ({'squared': '−0.00165', 'cross-entropy': '−0.999'}, '0.00087')
    """
    gradients, y = stuck_logit()
    return {loss: f"{g:.3g}".replace("-", "−") for loss, g in gradients.items()}, f"{y[0]:.2g}"


def stuck_logit():
    """∂E/∂z0 of both losses at z = STUCK_LOGITS, true class STUCK_CLASS: {loss: float}, and y.

    >>> {k: round(v, 4) for k, v in stuck_logit()[0].items()}
    {'squared': -0.0017, 'cross-entropy': -0.999}
    """
    y = softmax_checked(np.array([STUCK_LOGITS]))
    g = logit_gradients(y, one_hot_rows(np.array([STUCK_CLASS]), len(STUCK_LOGITS)))
    return {loss: float(g[loss][0, STUCK_CLASS]) for loss in LOSSES}, y[0]
