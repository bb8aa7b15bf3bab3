"""lossviz: the article's squared error and cross-entropy error, done right.

Layers, lowest first; a module imports only from its own layer and the ones below it
(tests/test_layers.py checks every import):

1. words   - strings in en and zh (lossviz/words/strings/*.toml), messages, InputError, number
             and formula formatting; takes plain values and δ from its callers.
2. data    - files shipped with the package (real handwritten digits), read by numpy.
3. maths   - the losses, softmax, targets, the array checks (maths.checks), grids, numerics.
4. inputs  - text boxes, pasted matrices, uploads and the link's parameter table, into checked arrays.
             This package's facade (`import lossviz as lv`) sits here.
5. charts  - Plotly figures from arrays; no widgets.
6. views   - page models: what each page shows, computed, and put into words.
7. room    - the workshop room's shared state.
8. server  - Streamlit's internals behind one door.
9. ui      - widgets and layout, the only layer besides server that imports Streamlit.

The UI lives in app.py and lossviz.ui.
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

LAYERS = ("words", "data", "maths", "inputs", "charts", "views", "room", "server", "ui")
FACADE_LAYER = "inputs"  # the highest layer this module imports from

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
