"""Batch mode: read a whole set of predictions and targets, and judge every sample with both losses.

Predictions y are (N, K) probabilities (or logits, turned into probabilities by
softmax); targets are N integer labels or an (N, K) distribution. Reading goes
through pandas (CSV) and numpy (.npy, never pickles); every problem is an
InputError that says which file, row and column.
"""

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lossviz.inputs.arrays import plural, position
from lossviz.inputs.parsing import parse_vector
from lossviz.maths.losses import DELTA, cross_entropy_per_sample, squared_error_per_sample
from lossviz.maths.softmax import softmax
from lossviz.maths.targets import one_hot
from lossviz.words.errors import InputError
from lossviz.words.i18n import msg

MAX_ENTRIES = 20_000_000  # N·K above this is refused: 160 MB of float64 per matrix
MAX_UPLOAD_MB = 200  # the same as server.maxUploadSize in .streamlit/config.toml
MAX_PASTED_ROWS = 10_000


def parse_matrix(text, *, name="y"):
    """Rows typed or pasted one per line, each in parse_vector's notations; float64 (N, K).

    >>> parse_matrix("0.1, 0.9\\n0.5 0.5").tolist()
    [[0.1, 0.9], [0.5, 0.5]]
    """
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        raise InputError("batch.errors.paste_empty", name=name)
    if len(lines) > MAX_PASTED_ROWS:
        raise InputError("batch.errors.paste_too_many", name=name, rows=len(lines), max=MAX_PASTED_ROWS)
    rows = []
    for i, line in enumerate(lines):
        try:
            rows.append(parse_vector(line, name=msg("name.row_of", name=name, row=i + 1)))
        except InputError as exc:
            raise InputError(exc.message) from None
        if rows[-1].shape != rows[0].shape:
            raise InputError(
                "batch.errors.paste_ragged",
                name=name,
                row=i + 1,
                count=plural(rows[-1].size, "number"),
                first=rows[0].size,
            )
    return np.vstack(rows)


def _check_size(nbytes, what):
    if nbytes > MAX_UPLOAD_MB * 1024 * 1024:
        raise InputError("batch.errors.too_large", what=what, mb=nbytes / 2**20, max=MAX_UPLOAD_MB)


def _check_entries(shape, what):
    entries = int(np.prod(shape))
    if entries > MAX_ENTRIES:
        raise InputError(
            "batch.errors.too_many_entries",
            what=what,
            entries=entries,
            rows=shape[0],
            columns=shape[1],
            max=MAX_ENTRIES,
        )


def read_npy(data, what):
    """A numeric array from .npy bytes; pickled objects are refused, not loaded."""
    _check_size(len(data), what)
    if not data.startswith(b"\x93NUMPY"):
        raise InputError("batch.errors.npy_invalid", what=what)
    try:
        a = np.load(io.BytesIO(data), allow_pickle=False)
    except ValueError as exc:
        raise InputError("batch.errors.npy_objects", what=what) from exc
    except (OSError, EOFError) as exc:
        raise InputError("batch.errors.npy_invalid", what=what) from exc
    if not isinstance(a, np.ndarray) or a.dtype.kind not in "biuf":
        raise InputError("batch.errors.npy_not_numbers", what=what, dtype=str(getattr(a, "dtype", type(a))))
    return a


def _is_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return True


def read_csv_table(data, what):
    """A table of numbers from CSV bytes (comma-separated), with or without a header row.

    Parsed by pandas straight to float64; only when that fails is the file read again as
    text to name the row and column of the first cell that is not a number (or of a
    header-like row below the first line).
    >>> read_csv_table(b"a,b\\n0.2,0.8\\n", "y.csv").columns.tolist()
    ['a', 'b']
    """
    _check_size(len(data), what)
    first = next(
        (line for line in data[:65536].decode("utf-8", "replace").splitlines() if line.strip()), None
    )
    if first is None:
        raise InputError("batch.errors.csv_empty", what=what)
    header = None if all(_is_number(c) for c in first.split(",")) else 0
    try:
        table = pd.read_csv(io.BytesIO(data), header=header, dtype=np.float64, skip_blank_lines=True)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        _diagnose(data, what, header)
        raise InputError("batch.errors.csv_unreadable", what=what, detail=_first_line(exc)) from exc
    missing = table.isna().to_numpy()
    if missing.any():
        r, c = np.argwhere(missing)[0]
        where = position((int(r) + (1 if header == 0 else 0), int(c)))
        raise InputError("batch.errors.cell_empty", what=what, where=where)
    if len(table) == 0:
        raise InputError("batch.errors.header_only", what=what)
    if header is None:
        table.columns = [str(i) for i in range(table.shape[1])]
    return table


def _first_line(exc):
    """The first line of a parser's error, quoted in our message as the parser wrote it."""
    return str(exc).splitlines()[0]


def _diagnose(data, what, header):
    """Raise an InputError naming the first cell that is not a number; return if none is found."""
    try:
        raw = pd.read_csv(io.BytesIO(data), header=None, dtype=str, skip_blank_lines=True)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError("batch.errors.csv_cells", what=what, detail=_first_line(exc)) from exc
    if header == 0:
        raw = raw.iloc[1:]
    bad = raw.apply(pd.to_numeric, errors="coerce").isna() & raw.notna()
    if not bad.to_numpy().any():
        return
    r, c = np.argwhere(bad.to_numpy())[0]
    cell = str(raw.iat[int(r), int(c)])[:24]
    where = position((int(r) + (1 if header == 0 else 0), int(c)))
    if bad.iloc[int(r)].all():
        raise InputError("batch.errors.text_row", what=what, where=where, cell=cell)
    raise InputError("batch.errors.not_number_cell", what=what, where=where, cell=cell)


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its name and bytes."""

    name: str
    data: bytes


def read_matrix(upload, what):
    """(table or None, array): a .npy array, or a CSV table and its values."""
    if upload.name.lower().endswith(".npy"):
        return None, read_npy(upload.data, what)
    table = read_csv_table(upload.data, what)
    return table, table.to_numpy()


def load_batch(predictions, targets=None, *, label_column=None, logits=False):
    """(y, labels, dense) from an uploaded predictions file and a targets file or label column.

    predictions: Upload (CSV or .npy), N×K; targets: Upload with N labels or an N×K
    matrix, or None with label_column naming a column of the predictions CSV.
    """
    table, y = read_matrix(predictions, msg("batch.what.predictions_file", name=predictions.name))
    if label_column is not None:
        if table is None or label_column not in table.columns:
            raise InputError("batch.errors.no_column", column=label_column)
        t = table[label_column].to_numpy()
        y = table.drop(columns=[label_column]).to_numpy()
    elif targets is not None:
        _, t = read_matrix(targets, msg("batch.what.targets_file", name=targets.name))
    else:
        raise InputError("batch.errors.no_targets")
    return prepare_batch(y, t, logits=logits)


def prepare_batch(y, t, *, logits=False):
    """Check shapes and sizes of a batch; returns (y, labels or None, dense or None), y as probabilities."""
    y = np.asarray(y)
    if y.ndim == 1:
        y = y[:, None]
    if y.ndim != 2 or y.shape[1] < 2:
        raise InputError("batch.errors.predictions_shape", shape=str(y.shape))
    _check_entries(y.shape, msg("batch.what.predictions"))
    t = np.asarray(t)
    if t.ndim == 2 and t.shape[1] == 1:
        t = t[:, 0]
    if t.shape[0] != y.shape[0]:
        noun = "label" if t.ndim == 1 else "row"
        raise InputError(
            "batch.errors.count_mismatch", rows=plural(y.shape[0], "row"), targets=plural(t.shape[0], noun)
        )
    if t.ndim == 2 and t.shape != y.shape:
        raise InputError("batch.errors.matrix_columns", t_columns=t.shape[1], y_columns=y.shape[1])
    if logits:
        y = softmax(y)
    return y, (t if t.ndim == 1 else None), (t if t.ndim == 2 else None)


def simulate_classifier(n=10_000, k=10, *, accuracy=0.8, confidence=3.0, seed=0):
    """A reproducible fake classifier: (softmax probabilities (n, k), true labels (n,)).

    Each sample's top class is the true label with probability `accuracy`, else a random
    other class; that class gets logit `confidence` above the rest (plus unit Gaussian noise),
    so a larger confidence means sharper — over-confident when accuracy is low.
    >>> y, t = simulate_classifier(n=5, k=3, seed=1); y.shape, t.tolist() == simulate_classifier(n=5, k=3, seed=1)[1].tolist()
    ((5, 3), True)
    """
    if not 0 <= accuracy <= 1:
        raise InputError("batch.errors.accuracy", value=accuracy)
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, k, n)
    wrong = (labels + rng.integers(1, k, n)) % k
    top = np.where(rng.random(n) < accuracy, labels, wrong)
    logits = rng.normal(size=(n, k))
    logits[np.arange(n), top] += confidence
    return softmax(logits), labels


@dataclass(frozen=True)
class BatchResult:
    """Both losses for every sample of a batch, and their totals in each convention."""

    y: np.ndarray  # (N, K) probabilities
    labels: np.ndarray | None  # (N,) when targets are labels or one-hot
    sse_rows: np.ndarray  # ½ Σ_k (y − t)² per sample
    cee_rows: np.ndarray  # −Σ_k t log(y + δ) per sample
    cee_one_hot: float | None  # the same batch CEE computed from one-hot targets, as a check

    @property
    def n(self):
        return self.y.shape[0]

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


def analyse_batch(y, labels=None, dense=None):
    """BatchResult for predictions y and targets given as labels or as a dense distribution."""
    t = labels if labels is not None else dense
    sse = squared_error_per_sample(y, t)
    cee = cross_entropy_per_sample(y, t, delta=DELTA)
    check = None
    if labels is not None:
        labels = labels.astype(np.intp)
        check = float(cross_entropy_per_sample(y, one_hot(labels, y.shape[1])).mean())
    elif dense is not None and np.isin(dense, (0, 1)).all() and (dense.sum(axis=1) == 1).all():
        labels = np.argmax(dense, axis=1)
        check = float(cross_entropy_per_sample(y, labels).mean())
    return BatchResult(y=np.asarray(y), labels=labels, sse_rows=sse, cee_rows=cee, cee_one_hot=check)


def worst_samples(r, k=10, *, lang="en"):
    """The k samples with the largest cross-entropy, worst first, as a table headed in `lang`.

    Columns (keys batch.table.* of the strings): row, true class and p on the true class (when
    the labels are known), predicted class, cross-entropy, squared error.
    >>> worst_samples(analyse_batch(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([0, 0])), 1).iloc[0, :2].tolist()
    [1, 0]
    """
    k = min(k, r.n)
    idx = np.argpartition(-r.cee_rows, k - 1)[:k]
    idx = idx[np.argsort(-r.cee_rows[idx], kind="stable")]
    columns = {"row": idx}
    if r.labels is not None:
        columns["true_class"] = r.labels[idx]
        columns["p_true"] = r.y[idx, r.labels[idx]]
    columns["predicted_class"] = np.argmax(r.y[idx], axis=1)
    columns["cee"] = r.cee_rows[idx]
    columns["sse"] = r.sse_rows[idx]
    return pd.DataFrame({msg(f"batch.table.{key}").text(lang): v for key, v in columns.items()})


def per_sample_csv(r):
    """CSV bytes with one row per sample: row, true class (if known), both losses.

    The column names stay English identifiers in every language: the file is data for code.
    """
    table = {"row": np.arange(r.n)}
    if r.labels is not None:
        table["true_class"] = r.labels
    table["cross_entropy"] = r.cee_rows
    table["squared_error_half_sum"] = r.sse_rows
    return pd.DataFrame(table).to_csv(index=False).encode()
