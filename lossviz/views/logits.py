"""Where the lab's logits view starts: the lab's own logits when the view can show them, else the
example of a confidently wrong softmax (three classes, true class 0, z = [−4, 3, 0])."""

import numpy as np

from lossviz.views.train import STUCK_CLASS, STUCK_LOGITS

Z_LIMIT = 10.0  # the view's sliders run from −10 to 10
MAX_CLASSES = 10


def start(scaled, t):
    """(z, t, from_lab) for the view: the lab's scaled logits z / T and its targets t when there
    are 2 to MAX_CLASSES of them within ±Z_LIMIT, else the example (from_lab False).

    scaled: the lab's checked z / T, (K,), or None when the lab reads probabilities; t: (K,).
    >>> start(np.array([2.0, 1.0, 0.1]), np.array([1.0, 0.0, 0.0]))[2], start(None, None)[0]
    (True, [-4.0, 3.0, 0.0])
    """
    if scaled is not None and 2 <= scaled.size <= MAX_CLASSES and np.all(np.abs(scaled) <= Z_LIMIT):
        return [float(v) for v in scaled], [float(v) for v in t], True
    example_t = np.eye(len(STUCK_LOGITS))[STUCK_CLASS]
    return list(STUCK_LOGITS), example_t.tolist(), False
