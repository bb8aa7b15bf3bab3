"""What the load benchmarks' sessions type, and how each answer is checked against values computed
here, never read from lossviz.

  explorer  types a new y (four probabilities) into the box keyed "y" (bound to ?y=)
  lab       moves the temperature slider keyed "T"
  batch     moves the accuracy slider keyed "acc" of the simulated sample (10 000 × 10)

A check returns the list of problems (empty: the page showed what it should).
"""

import math
from dataclasses import dataclass

DELTA = 1e-7  # the article's δ in −log(y + δ)
EXPLORER_T = (0, 1, 0, 0)  # the explorer's default t ("0, 1, 0, 0"), which the sessions keep


def explorer_value(rng, _current):
    """Four probabilities in hundredths that sum to 1, e.g. "0.12, 0.3, 0.05, 0.53"."""
    cuts = sorted(rng.sample(range(1, 100), 3))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return ", ".join(f"{p / 100:g}" for p in parts)


def temperature_value(rng, current):
    """A temperature on the lab slider's grid, 0.1 … 10 in steps of 0.1, other than the current one."""
    return _other(rng, current, [k / 10 for k in range(1, 101)])


def accuracy_value(rng, current):
    """An accuracy on the batch slider's grid, 0 … 1 in steps of 0.05, other than the current one."""
    return _other(rng, current, [round(k * 0.05, 2) for k in range(21)])


def _other(rng, current, grid):
    return rng.choice([v for v in grid if v != current])


def _metric(session, prefix):
    found = [m for m in session.metrics() if m[0].startswith(prefix)]
    if not found:
        raise LookupError(f"no metric labelled {prefix!r}…")
    return found[0]


def _number_mismatch(label, shown, expected):
    return None if shown == f"{expected:.4f}" else f"{label}: shows {shown}, expected {expected:.4f}"


def check_explorer(session, y_text):
    """The two losses shown for y_text, against ½Σ(y−t)² and −log(y_c + δ) computed here."""
    y = [float(v) for v in y_text.split(",")]
    sse = 0.5 * sum((a - b) ** 2 for a, b in zip(y, EXPLORER_T, strict=True))
    cee = -math.log(y[EXPLORER_T.index(1)] + DELTA)
    problems = []
    for prefix, expected in (("Squared error", sse), ("Cross-entropy", cee)):
        _, shown, help_text = _metric(session, prefix)
        problems.append(_number_mismatch(prefix, shown, expected))
        if not math.isclose(float(help_text.removeprefix("= ")), expected, rel_tol=1e-9):
            problems.append(f"{prefix}: precise value {help_text}, expected {expected!r}")
    return [p for p in problems if p]


def check_lab(session, temperature):
    """The stable cross-entropy −log_softmax(z/T)[c] for the page's z and label c, by log-sum-exp."""
    z = [float(v) / temperature for v in session.values[session.widget("z").proto.id].string_value.split(",")]
    c = int(session.values[session.widget("target").proto.id].string_value)
    top = max(z)
    expected = top + math.log(sum(math.exp(v - top) for v in z)) - z[c]
    return [p for p in [_number_mismatch("Stable", _metric(session, "Stable")[1], expected)] if p]


def check_batch(session, _accuracy):
    """The simulated sample's size: 10 000 samples of 10 classes."""
    shown = _metric(session, "Samples")[1]
    return [] if shown == "10,000 × 10" else [f"sample size shows {shown}, expected 10,000 × 10"]


def check_bare(session, value):
    shown = [
        e.proto.body
        for _, e in session.ordered()
        if e.kind == "markdown" and e.proto.body.startswith("value:")
    ]
    text = value if isinstance(value, str) else f"{value:g}"
    return [] if shown and text in shown[0] else [f"bare app shows {shown}, expected {text}"]


@dataclass(frozen=True)
class Scenario:
    name: str
    page: str  # the st.Page's url path; "" for the default page
    query: str
    key: str  # the widget each edit sets
    value: object  # (rng, current value) -> the next value
    check: object  # (session, value sent) -> list of problems


SCENARIOS = {
    "explorer": Scenario("explorer", "", "", "y", explorer_value, check_explorer),
    "lab": Scenario("lab", "lab", "", "T", temperature_value, check_lab),
    "batch": Scenario("batch", "batch", "", "acc", accuracy_value, check_batch),
}


def bare_twin(scenario):
    """The same edits on the bare app: typing into its text box, or moving its slider."""
    key = "y" if scenario.key == "y" else "s"
    return Scenario(f"bare {scenario.name}", "", "", key, scenario.value, check_bare)
