"""What a reader sees in an AppTest tree, and a check that a Chinese page has no English prose left.

Shared by the AppTests of every page (test_app.py, test_app_lab.py, test_app_batch.py).
"""

import json
import re

# Names that stay as they are in Chinese text: libraries, functions, file types, the app.
KEEP = (
    "lossviz", "PyTorch", "Keras", "scikit-learn", "optax", "numpy", "NumPy", "Python", "softmax",
    "log_softmax", "log-softmax", "log_loss", "logits", "logit", "sigmoid", "CrossEntropyLoss",
    "NLLLoss", "MSELoss", "label_smoothing", "smooth_labels", "epsilon", "float32", "float64", "NaN",
    "inf", "np.save", "npy", "CSV", "JSON", "MB", "English",
)  # fmt: skip
_NAMES = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in KEEP) + r")(?![\w])")
_WORD = r"[A-Za-z][A-Za-z'’-]*[A-Za-z]"  # two letters or more: a formula's single letters are no words
_RUN = re.compile(rf"{_WORD}(?:[,;:]?\s+{_WORD}){{2,}}")  # three or more words in a row
_CODE = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\?[a-z_]+=[^\s，。；]*", re.S)  # formulas, code, ?k=v
_STYLE = re.compile(r"<style>.*?</style>", re.S)
_LATEX_TEXT = re.compile(r"\\text\{([^{}]*)\}")
# Protobuf fields that hold words a reader sees (not values typed by the user, not code).
TEXT_FIELDS = {"label", "body", "help", "content", "options", "placeholder", "alt", "captions"}


def _proto_texts(message):
    """Every string field named in TEXT_FIELDS of a protobuf message, at any depth."""
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            for item in values:
                yield from _proto_texts(item)
        elif field.type == field.TYPE_STRING and field.name in TEXT_FIELDS:
            yield from values


FIGURE = "lossviz.figure"  # lossviz.ui.figure's component: a Plotly figure as JSON text
DRAG = "lossviz.drag"  # lossviz.ui.drag's component: the −log chart to drag, with its live table


def component_props(at, name):
    """{key: props} of every v2 component `name` (lossviz.ui.web.payload: [props]) in an AppTest run,
    in page order."""
    return {
        c.key: json.loads(c.proto.json)[0] for c in at.get("bidi_component") if c.proto.component_name == name
    }


def figure_props(at):
    """What lossviz.ui.figure sent each chart in an AppTest run: {key: props (figure, alt, caption,
    height…)}, in page order."""
    return component_props(at, FIGURE)


def figures(at):
    """The figures lossviz.ui.figure drew in an AppTest run: {key: Plotly JSON text}, in page order."""
    return {key: props["figure"] for key, props in figure_props(at).items()}


FORMULAS = "lossviz.formulas"  # lossviz.ui.formulas's component: both losses' formula panels


def formula_panels(at):
    """The formula panels lossviz.ui.formulas drew in an AppTest run: a list of dicts with title,
    value, precise, latex, note and extra_latex (None where not shown), in page order."""
    return [panel for props in component_props(at, FORMULAS).values() for panel in props["panels"]]


def values_shown(at):
    """Every value shown as a number: st.metric's, then the formula panels' (where the explorer
    shows both losses when its first screen does not)."""
    return [m.value for m in at.metric] + [p["value"] for p in formula_panels(at) if p["value"] is not None]


def panel_texts(panel):
    """A formula panel's words: its title, its note, and its formulas as $$…$$ (their \\text{…} is prose)."""
    formulas = [f"$${panel[k]}$$" for k in ("latex", "extra_latex") if panel[k]]
    return [panel["title"], panel["note"] or "", *formulas]


def chart_texts(spec):
    """Titles, axis titles, annotations, colour-bar titles, legend names and hovers of a Plotly JSON."""
    figure = json.loads(spec)
    layout = figure["layout"]
    texts = [(layout.get("title") or {}).get("text", "")]
    texts += [
        (layout[a].get("title") or {}).get("text", "") for a in layout if a.startswith(("xaxis", "yaxis"))
    ]
    texts += [a.get("text", "") for a in layout.get("annotations", [])]
    for trace in figure["data"]:
        texts += [trace.get("hovertemplate", ""), trace.get("name", "")]
        texts.append(((trace.get("colorbar") or {}).get("title") or {}).get("text", ""))
    return texts


def visible_texts(at):
    """Every label, help, heading, caption, message, option, alt text, chart word and table header."""
    texts = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(node, "type", "") != "dataframe":
            texts.extend(_STYLE.sub("", t) for t in _proto_texts(proto))  # a stylesheet is not prose
            if getattr(node, "type", "") == "plotly_chart":
                texts.extend(chart_texts(proto.spec))
            if getattr(node, "type", "") == "bidi_component" and proto.component_name == FIGURE:
                props = json.loads(proto.json)[0]
                texts.extend([*chart_texts(props["figure"]), props["alt"], props["caption"] or ""])
            if getattr(node, "type", "") == "bidi_component" and proto.component_name == FORMULAS:
                texts.extend(t for panel in json.loads(proto.json)[0]["panels"] for t in panel_texts(panel))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for frame in at.dataframe:
        texts += [str(c) for c in frame.value.columns]
        texts += [v for c in frame.value.columns for v in frame.value[c] if isinstance(v, str)]
    return [t for t in texts if t]


def english_left(texts):
    """The runs of three or more English words in `texts`, once names, formulas and code are set aside.

    Words inside a formula's \\text{…} are prose and are checked too.
    """
    texts = [*texts, *(w for t in texts for w in _LATEX_TEXT.findall(t))]
    return [run for t in texts for run in _RUN.findall(_NAMES.sub("·", _CODE.sub("·", t)))]
