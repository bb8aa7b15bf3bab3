"""Tests for lossviz/maths/targets.py: the form of t is decided by shape, never guessed."""

import numpy as np
import pytest

from lossviz import InputError, one_hot, target_distribution
from lossviz.maths.targets import as_targets


def test_same_shape_is_a_distribution_even_when_it_looks_like_labels():
    labels, dense = as_targets([1.0], np.array([0.7]))
    assert labels is None
    np.testing.assert_array_equal(dense, [[1.0]])


def test_a_single_number_for_a_vector_is_a_label():
    labels, dense = as_targets(3, np.full(4, 0.25))
    assert dense is None
    np.testing.assert_array_equal(labels, [3])
    assert labels.dtype == np.intp


def test_batch_labels_as_column_or_row():
    y = np.full((3, 3), 1 / 3)
    for t in ([0, 2, 1], [[0], [2], [1]], np.array([0.0, 2.0, 1.0])):
        labels, dense = as_targets(t, y)
        np.testing.assert_array_equal(labels, [0, 2, 1])


def test_one_hot_and_target_distribution():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(target_distribution([0.1, 0.8, 0.1], 1), [0, 1, 0])
    np.testing.assert_array_equal(target_distribution([[0.5, 0.5], [0.5, 0.5]], [1, 0]), [[0, 1], [1, 0]])
    np.testing.assert_array_equal(target_distribution([0.5, 0.5], [0.3, 0.7]), [0.3, 0.7])


def test_squared_error_targets_need_not_be_probabilities():
    np.testing.assert_array_equal(target_distribution([2.0, 3.0], [5.0, -1.0], probabilities=False), [5, -1])
    with pytest.raises(InputError, match="target probabilities between 0 and 1"):
        target_distribution([0.5, 0.5], [5.0, -1.0])


def test_labels_on_a_one_row_matrix():
    labels, _ = as_targets([1], np.array([[0.2, 0.8]]))
    np.testing.assert_array_equal(labels, [1])


def test_wrong_number_of_labels_says_both_counts():
    with pytest.raises(
        InputError,
        match=r"y has 4 rows × 2 columns but t has 3 entries\. Give t as one class label per row of y \(4 labels\)",
    ):
        as_targets([0, 1, 1], np.full((4, 2), 0.5))
