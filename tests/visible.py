"""What a reader sees in an AppTest tree, and a check that a Chinese page has no English prose left."""

import re

# Names that stay as they are in Chinese text: libraries, functions, the app, units.
KEEP = (
    "lossviz",
    "PyTorch",
    "Keras",
    "scikit-learn",
    "optax",
    "numpy",
    "NumPy",
    "softmax",
    "log_softmax",
    "logits",
    "logit",
    "CrossEntropyLoss",
    "MSELoss",
    "JSON",
    "CSV",
    "Python",
)
_WORD = r"[A-Za-z][A-Za-z'’\-]*"
_RUN = re.compile(rf"{_WORD}(?:[ ,]+{_WORD}){{2,}}")  # three or more words in a row
_CODE = re.compile(r"`[^`]*`|\$[^$]*\$|\?[a-z]+=[^\s，。；]*")  # inline code, LaTeX, ?param=value


def visible_texts(at):
    """Every label, help text, heading, caption, message and table header the page shows."""
    texts = []
    for kind in (
        "title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success",
        "text_input", "text_area", "number_input", "slider", "toggle", "checkbox", "button",
        "selectbox", "radio", "tabs", "expander", "metric", "button_group",
    ):  # fmt: skip
        for el in getattr(at, kind):
            for attr in ("label", "body", "help", "caption"):
                value = getattr(el, attr, None)
                if isinstance(value, str) and value:
                    texts.append(value)
            if kind in ("selectbox", "radio", "button_group") and hasattr(el, "options"):
                texts.extend(str(o) for o in el.options)
    for df in at.dataframe:
        texts.extend(str(c) for c in df.value.columns)
    return texts


def english_left(texts):
    """The runs of three or more English words in `texts`, names in KEEP and code aside."""
    found = []
    for text in texts:
        stripped = _CODE.sub(" ", text)
        for name in KEEP:
            stripped = re.sub(rf"\b{re.escape(name)}\b", " ", stripped)
        found.extend(m.group(0) for m in _RUN.finditer(stripped))
    return found
