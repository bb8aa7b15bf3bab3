"""Validate once (issue #10, Build 2): an entry point checks each array the user gave once.

The lab's reading (views/lab.py: analyse, then the δ and smoothing sections) and the
distributions' warnings (maths/distributions.py) are watched while they run: every call of a
public check (as_float_array, as_predictions, check_finite, check_in_unit_interval, as_targets,
target_distribution, scaled_logits) that is not made from inside another is recorded with the data it checks.
The same data checked twice is a check repeated; before this test each lab keystroke checked z
and t five times over, and sum_warning checked its vector twice.
"""

import collections
import functools
import importlib
import pkgutil
import sys

import numpy as np
import pytest

import lossviz
from lossviz.maths.distributions import sum_warning
from lossviz.views import lab

CHECKS = (
    "as_float_array",
    "as_predictions",
    "check_finite",
    "check_in_unit_interval",
    "as_targets",
    "target_distribution",
    "scaled_logits",
)


def _modules():
    for package in ("inputs", "maths", "views", "words"):
        pkg = importlib.import_module(f"lossviz.{package}")
        for info in pkgutil.iter_modules(pkg.__path__):
            yield importlib.import_module(f"lossviz.{package}.{info.name}")
    yield lossviz


@pytest.fixture
def outer_checks(monkeypatch):
    """A list that collects (check, data) for every outermost check call made while the test runs."""
    calls, depth = [], [0]
    originals = {}
    for module in list(_modules()):
        for name in CHECKS:
            f = getattr(module, name, None)
            if f is None or not callable(f):
                continue
            original = originals.setdefault(name, f)
            if f is not original:
                continue

            @functools.wraps(original)
            def watched(*args, _f=original, _name=name, **kwargs):
                if depth[0] == 0 and args:
                    data = np.asarray(args[0])
                    if data.ndim >= 1:  # the user's arrays; scalars such as δ are constants
                        calls.append((_name, data.shape, data.tobytes()))
                depth[0] += 1
                try:
                    return _f(*args, **kwargs)
                finally:
                    depth[0] -= 1

            monkeypatch.setattr(module, name, watched)
    assert set(originals) == set(CHECKS), "a check moved: update CHECKS"
    return calls


def repeated(calls):
    """The data checked more than once, with how often."""
    seen = collections.Counter((shape, data) for _, shape, data in calls)
    return {key: n for key, n in seen.items() if n > 1}


@pytest.mark.parametrize(
    ("mode", "vector", "target"),
    [
        ("logits", "2, 1, 0.1", "0"),
        ("logits", "1000, 0", "1"),
        ("logits", "2, 1, 0.1", "0.2, 0.5, 0.3"),
        ("probabilities", "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0", "2"),
        ("probabilities", "0.7, 0.3", "0.5, 0.5"),
    ],
)
def test_a_lab_keystroke_checks_each_array_once(outer_checks, mode, vector, target):
    r = lab.analyse(mode, vector, target, temperature=2.0)
    for key in ("1e-7", "float32", "float64"):
        lab.delta_losses(r, key)
    lab.smoothed(r, 0.1)
    assert repeated(outer_checks) == {}, [(name, shape) for name, shape, _ in outer_checks]


def test_the_lab_gives_the_same_numbers_as_the_public_functions():
    # The checked paths compute what the public (checking) functions do, bit for bit.
    from lossviz.maths.numerics import cross_entropy_clipped, cross_entropy_of_naive_softmax, naive_softmax
    from lossviz.maths.softmax import cross_entropy_from_logits

    r = lab.analyse("logits", "2, 1, 0.1", "0.2, 0.5, 0.3", temperature=0.7)
    z, t = np.array([2.0, 1.0, 0.1]), np.array([0.2, 0.5, 0.3])
    assert r.cee_stable == cross_entropy_from_logits(z, t, temperature=0.7)
    np.testing.assert_array_equal(r.naive_y, naive_softmax(z / 0.7))
    assert r.cee_naive == cross_entropy_of_naive_softmax(z / 0.7, t)
    for key, eps in (("1e-7", 1e-7), ("float64", np.finfo(np.float64).eps)):
        assert lab.delta_losses(r, key)[1] == cross_entropy_clipped(r.y, t, eps=eps)
    smooth_t, value = lab.smoothed(r, 0.1)
    assert value == cross_entropy_from_logits(z, smooth_t, temperature=0.7)
    overflow = lab.analyse("logits", "1000, 0", "1")
    assert np.isnan(overflow.cee_naive) and overflow.cee_stable == 1000.0  # by hand: log-sum-exp


def test_sum_warning_checks_its_vector_once(outer_checks):
    sum_warning(np.array([0.1, 0.2, 0.3]), "y")
    sum_warning(np.array([[0.5, 0.5], [0.2, 0.2]]), "y")
    assert repeated(outer_checks) == {}


def test_the_watch_sees_a_repeated_check(outer_checks):
    # Control: checking the same vector twice is reported.
    y = np.array([0.25, 0.75])
    sys.modules["lossviz.maths.checks"].as_predictions(y)
    sys.modules["lossviz.maths.targets"].as_predictions(y)
    assert len(repeated(outer_checks)) == 1
