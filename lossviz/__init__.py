"""lossviz: the article's squared error and cross-entropy error, done right.

The core never imports Streamlit; the UI lives in app.py and lossviz.ui.
"""

from lossviz.inputs.parsing import MAX_TYPED_ENTRIES, format_vector, parse_vector
from lossviz.maths.distributions import normalize, rows_not_summing_to_one, sum_warning
from lossviz.maths.losses import (
    DELTA,
    cross_entropy_error,
    cross_entropy_error_grad,
    cross_entropy_per_sample,
    cross_entropy_terms,
    mean_squared_error,
    squared_error_per_sample,
    squared_error_terms,
    sum_squared_error,
    sum_squared_error_grad,
)
from lossviz.maths.softmax import (
    cross_entropy_from_logits,
    cross_entropy_from_logits_grad,
    log_softmax,
    softmax,
)
from lossviz.maths.targets import one_hot, target_distribution
from lossviz.words.errors import InputError

__all__ = [
    "DELTA",
    "MAX_TYPED_ENTRIES",
    "InputError",
    "cross_entropy_error",
    "cross_entropy_error_grad",
    "cross_entropy_from_logits",
    "cross_entropy_from_logits_grad",
    "cross_entropy_per_sample",
    "cross_entropy_terms",
    "format_vector",
    "log_softmax",
    "mean_squared_error",
    "normalize",
    "one_hot",
    "parse_vector",
    "rows_not_summing_to_one",
    "softmax",
    "squared_error_per_sample",
    "squared_error_terms",
    "sum_squared_error",
    "sum_squared_error_grad",
    "sum_warning",
    "target_distribution",
]
