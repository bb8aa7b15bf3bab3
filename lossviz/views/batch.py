"""Batch mode: a whole set of predictions and targets, judged sample by sample with both losses.

Predictions y are (N, K) probabilities (or logits, turned into probabilities by softmax); targets
are N integer labels or an (N, K) distribution. Reading lives in lossviz.inputs (uploads, matrix),
the tables shown and downloaded in lossviz.views.batch_report. A BatchResult keeps per-sample
numbers only, not the (N, K) predictions: once its results are in, a session holds 32 bytes
per sample. Every pass over y goes in blocks of rows, so no full-size temporary is made.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

import lossviz as lv
from lossviz.inputs.matrix import parse_matrix
from lossviz.inputs.tables import check_shape
from lossviz.inputs.uploads import describe, read_upload
from lossviz.maths.distributions import sum_warning_checked
from lossviz.maths.simulation import simulate_classifier
from lossviz.words.counts import plural
from lossviz.words.i18n import msg

BLOCK_ENTRIES = 1 << 16  # rows × classes per block in the passes made here


class Batch(NamedTuple):
    """Checked predictions and targets: y (N, K) probabilities; labels (N,) or dense (N, K); notes on the files."""

    y: np.ndarray
    labels: np.ndarray | None
    dense: np.ndarray | None
    notes: tuple = ()


def _blocks(n, k):
    step = max(1, BLOCK_ENTRIES // max(k, 1))
    for r0 in range(0, n, step):
        yield r0, min(n, r0 + step)


def _softmax_rows(y, overwrite):
    """softmax of each row of y, block by block: into y itself if `overwrite` allows and y is writable float64."""
    out = y if overwrite and y.flags.writeable and y.dtype == np.float64 else np.empty(y.shape)
    for r0, r1 in _blocks(*y.shape):
        out[r0:r1] = lv.softmax(y[r0:r1])
    return out


def prepare_batch(y, t, *, logits=False, overwrite=False, notes=()):
    """Check the shapes and size of a batch; a Batch with y as probabilities.

    y: (N, K) with K ≥ 2 (a 1-D y is one column, refused). t: N labels, (N,) or (N, 1), or an
    (N, K) distribution. logits: apply softmax to each row of y — in place when `overwrite`
    (the readers' own arrays), else into a new array.
    >>> prepare_batch([[0.0, 0.0]], [1], logits=True).y.tolist()
    [[0.5, 0.5]]
    """
    y = np.asarray(y)
    if y.ndim == 1:
        y = y[:, None]
    if y.ndim != 2 or y.shape[1] < 2 or y.shape[0] == 0:
        raise lv.InputError("batch.errors.predictions_shape", shape=str(y.shape))
    check_shape(*y.shape, msg("batch.what.predictions"))
    t = np.asarray(t)
    if t.ndim not in (1, 2):
        raise lv.InputError("batch.errors.targets_shape", shape=str(t.shape))
    if t.ndim == 2 and t.shape[1] == 1:
        t = t[:, 0]
    if t.shape[0] != y.shape[0]:
        noun = "label" if t.ndim == 1 else "row"
        raise lv.InputError(
            "batch.errors.count_mismatch", rows=plural(y.shape[0], "row"), targets=plural(t.shape[0], noun)
        )
    if t.ndim == 2 and t.shape != y.shape:
        raise lv.InputError("batch.errors.matrix_columns", t_columns=t.shape[1], y_columns=y.shape[1])
    if logits:
        y = _softmax_rows(y, overwrite)
    return Batch(y, t if t.ndim == 1 else None, t if t.ndim == 2 else None, tuple(notes))


def load_batch(predictions, targets=None, *, label_column=None, logits=False, progress=None):
    """A Batch from an uploaded predictions file and a targets file or a label column.

    predictions: Upload (CSV or .npy), N×K; targets: Upload with N labels or an N×K matrix, or
    None with label_column, the index of a column of the predictions CSV. Each file is parsed once.
    """
    if targets is None and label_column is None:
        raise lv.InputError("batch.errors.no_targets")
    what = msg("batch.what.predictions_file", name=predictions.name)
    table = read_upload(predictions, what, label_column=label_column, progress=progress)
    notes = [describe(table, predictions.name)]
    if label_column is not None:
        if table.labels is None:
            raise lv.InputError("batch.errors.no_column", column=label_column + 1)
        t = table.labels
    else:
        target_table = read_upload(targets, msg("batch.what.targets_file", name=targets.name))
        notes.append(describe(target_table, targets.name))
        t = target_table.values
    return prepare_batch(table.values, t, logits=logits, overwrite=True, notes=notes)


@dataclass(frozen=True)
class BatchResult:
    """Both losses for every sample of a batch, and their totals in each convention."""

    k: int  # classes
    labels: np.ndarray | None  # (N,) when targets are labels or one-hot
    sse_rows: np.ndarray  # ½ Σ_k (y − t)² per sample
    cee_rows: np.ndarray  # −Σ_k t log(y + δ) per sample
    cee_one_hot: float | None  # the same batch CEE computed from one-hot targets, as a check
    predicted: np.ndarray  # (N,) the class with the largest probability
    p_true: np.ndarray | None  # (N,) the probability on the true class, when labels are known
    notes: tuple = ()  # Messages: how the files were read
    warnings: tuple = ()  # Messages: odd-but-computable input (rows of y or of t not summing to 1)

    @property
    def n(self):
        return self.sse_rows.shape[0]

    @property
    def sse_total(self):
        """The article's E = ½ Σ over every element (no division by N)."""
        return float(self.sse_rows.sum())

    @property
    def sse_mean(self):
        """½ Σ_k (y − t)² averaged over the N samples."""
        return float(self.sse_rows.mean())

    @property
    def cee(self):
        """The article's batch cross-entropy, −(1/N) Σ_n Σ_k t log(y + δ)."""
        return float(self.cee_rows.mean())


def _one_hot_labels(dense):
    """The labels of a target matrix whose rows are all one-hot, or None."""
    labels = np.empty(dense.shape[0], dtype=np.int32)
    for r0, r1 in _blocks(*dense.shape):
        block = dense[r0:r1]
        if not (np.isin(block, (0, 1)).all() and (block.sum(axis=1) == 1).all()):
            return None
        labels[r0:r1] = np.argmax(block, axis=1)
    return labels


def _cee_from_one_hot(y, labels):
    """The batch cross-entropy again, from one-hot rows built a block at a time."""
    total = 0.0
    for r0, r1 in _blocks(*y.shape):
        total += float(lv.cross_entropy_per_sample(y[r0:r1], lv.one_hot(labels[r0:r1], y.shape[1])).sum())
    return total / y.shape[0]


def _predicted_and_p_true(y, labels):
    """Each row's most probable class, and its probability on the true class (labels or None).

    Block by block: np.argmax copies a read-only array (a .npy upload's view) whole.
    """
    predicted = np.empty(y.shape[0], dtype=np.int32)
    p_true = None if labels is None else np.empty(y.shape[0])
    for r0, r1 in _blocks(*y.shape):
        block = y[r0:r1]
        predicted[r0:r1] = np.argmax(block, axis=1)
        if p_true is not None:
            p_true[r0:r1] = block[np.arange(r1 - r0), labels[r0:r1]]
    return predicted, p_true


def analyse_batch(y, labels=None, dense=None, notes=()):
    """BatchResult for checked predictions y and targets given as labels or as a dense distribution.

    >>> analyse_batch(np.array([[0.2, 0.8]]), np.array([1])).sse_total
    0.04000000000000001
    """
    t = labels if labels is not None else dense
    sse = lv.squared_error_per_sample(y, t)
    cee = lv.cross_entropy_per_sample(y, t)
    check = None
    if labels is not None:
        labels = labels.astype(np.int32)  # checked above: whole numbers in [0, K), K ≤ MAX_COLUMNS
        check = _cee_from_one_hot(y, labels)
    elif (found := _one_hot_labels(dense)) is not None:
        labels = found
        check = float(lv.cross_entropy_per_sample(y, labels).mean())
    predicted, p_true = _predicted_and_p_true(y, labels)
    # Rows that do not sum to 1 are computed as given, as in the explorer, and said.
    sums = (sum_warning_checked(y, "y"), None if dense is None else sum_warning_checked(dense, "t"))
    warnings = tuple(w for w in sums if w is not None)
    return BatchResult(y.shape[1], labels, sse, cee, check, predicted, p_true, tuple(notes), warnings)


def sample_batch(n, k, *, accuracy, confidence, seed):
    """BatchResult of the simulated classifier (lossviz.maths.simulation)."""
    return analyse_batch(*simulate_classifier(n, k, accuracy=accuracy, confidence=confidence, seed=seed))


def paste_batch(y_text, t_text, *, logits=False):
    """BatchResult of pasted predictions and targets; labels may be typed on one line."""
    y = parse_matrix(y_text, name="y")
    t = parse_matrix(t_text, name="t")
    if t.shape[0] == 1 and y.shape[0] > 1:
        t = t[0]  # the labels typed on one line
    return analyse_batch(*prepare_batch(y, t, logits=logits, overwrite=True))


def upload_batch(predictions, targets=None, *, label_column=None, logits=False, progress=None):
    """BatchResult of uploaded files (see load_batch)."""
    batch = load_batch(predictions, targets, label_column=label_column, logits=logits, progress=progress)
    return analyse_batch(*batch)
