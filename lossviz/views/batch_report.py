"""The batch page's tables: the worst samples, shown in the reader's language, and every sample's losses as CSV."""

import numpy as np
import pandas as pd

from lossviz.words.i18n import msg


def worst_samples(r, k=10, *, lang="en"):
    """The k samples of a BatchResult with the largest cross-entropy, worst first, headed in `lang`.

    Columns (keys batch.table.* of the strings): row, true class and p on the true class (when
    the labels are known), predicted class, cross-entropy, squared error.
    >>> from lossviz.views.batch import analyse_batch
    >>> worst_samples(analyse_batch(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([0, 0])), 1).iloc[0, :2].tolist()
    [1, 0]
    """
    k = min(k, r.n)
    idx = np.argpartition(-r.cee_rows, k - 1)[:k]
    idx = idx[np.argsort(-r.cee_rows[idx], kind="stable")]
    columns = {"row": idx}
    if r.labels is not None:
        columns["true_class"] = r.labels[idx]
        columns["p_true"] = r.p_true[idx]
    columns["predicted_class"] = r.predicted[idx]
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
