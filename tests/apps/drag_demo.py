"""A page for developing and testing the drag component (lossviz.ui.drag) on its own.

    streamlit run tests/apps/drag_demo.py      then open /?k=3&lang=zh, /?k=10, …

?k= picks the example (2, 3, 4 or 10 classes), ?lang=en|zh the words. Below the component the
page shows what Python received on the last commit, with both losses computed by the core:
tests/test_drag.py and benchmarks/drag_latency.py read those lines.
"""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # `streamlit run` from a clone

import lossviz as lv  # noqa: E402
from lossviz.ui.drag import prediction_drag  # noqa: E402

# (t as the correct class, y): the README's example, the three-class simplex, the book's ten digits
EXAMPLES = {
    2: (1, [0.3, 0.7]),
    3: (1, [0.2, 0.7, 0.1]),
    4: (1, [0.1, 0.8, 0.05, 0.05]),
    10: (2, [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]),
}

# The words the component needs (lossviz.ui.drag.LABEL_KEYS), in both of the app's languages.
LABELS = {
    "en": {
        "sse": "Squared error ½Σ(y − t)²",
        "cee": "Cross-entropy −Σ t log(y + δ)",
        "p": "p, the correct class",
        "title_curve": "Drag p: both losses on one scale",
        "title_simplex": "Drag y inside the probability triangle",
        "axis_p": "p, the probability on the correct class",
        "axis_loss": "loss",
        "curve_sse": "squared error along the path",
        "curve_cee": "cross-entropy −log(p + δ)",
        "class_name": "class {k}",
        "correct_class": "class {k} (correct)",
        "col_class": "class",
        "col_t": "t",
        "col_y": "y",
        "col_sse_term": "½(y − t)²",
        "col_cee_term": "−t log(y + δ)",
        "col_sse_slope": "slope y − t",
        "col_cee_slope": "slope −t/(y + δ)",
        "hint": "Drag a point (the other classes keep their shares), or focus it and use the arrow keys.",
        "table": "Every class's terms and slopes",
        "listen": "♪ Hear the curves",
        "listening": "Playing cross-entropy along p from left to right, then squared error: the higher the pitch, the larger the loss.",
        "slider": "p, the probability on the correct class",
        "simplex_slider": "the prediction y in the probability triangle",
        "simplex_role": "point in a triangle",
        "valuetext": "p {p}: squared error {sse}, cross-entropy {cee}",
        "simplex_valuetext": "y = ({y}): squared error {sse}, cross-entropy {cee}",
        "live": "Squared error {sse}, cross-entropy {cee}",
        "loading": "Loading the chart…",
        "failed": "The chart could not load ({error}).",
    },
    "zh": {
        "sse": "均方误差 ½Σ(y − t)²",
        "cee": "交叉熵误差 −Σ t log(y + δ)",
        "p": "p：正确类别",
        "title_curve": "拖动 p：两种损失画在同一刻度上",
        "title_simplex": "在概率三角形里拖动 y",
        "axis_p": "p：正确类别上的概率",
        "axis_loss": "损失",
        "curve_sse": "沿路径的均方误差",
        "curve_cee": "交叉熵 −log(p + δ)",
        "class_name": "类别 {k}",
        "correct_class": "类别 {k}（正确）",
        "col_class": "类别",
        "col_t": "t",
        "col_y": "y",
        "col_sse_term": "½(y − t)²",
        "col_cee_term": "−t log(y + δ)",
        "col_sse_slope": "斜率 y − t",
        "col_cee_slope": "斜率 −t/(y + δ)",
        "hint": "拖动一个点（其他类别保持各自的比例），或选中它后用方向键。",
        "table": "每个类别的损失项与斜率",
        "listen": "♪ 听曲线",
        "listening": "正在播放：先是交叉熵误差沿 p 从左到右，然后是均方误差；音调越高，损失越大。",
        "slider": "p：正确类别上的概率",
        "simplex_slider": "概率三角形中的预测 y",
        "simplex_role": "三角形中的点",
        "valuetext": "p {p}：均方误差 {sse}，交叉熵误差 {cee}",
        "simplex_valuetext": "y = ({y})：均方误差 {sse}，交叉熵误差 {cee}",
        "live": "均方误差 {sse}，交叉熵误差 {cee}",
        "loading": "正在加载图表…",
        "failed": "图表无法加载（{error}）。",
    },
}


def _store(y):
    st.session_state.y = y
    st.session_state.commits = st.session_state.get("commits", 0) + 1


def main():
    st.set_page_config(page_title="drag demo", layout="wide")
    k = int(st.query_params.get("k", 4))
    lang = st.query_params.get("lang", "en")
    c, example = EXAMPLES[k]
    if st.session_state.get("k") != k:
        st.session_state.k, st.session_state.y = k, example
    y = st.session_state.y
    slopes = st.query_params.get("slopes") == "1"  # the table's slope columns, as the explorer shows them
    table = st.query_params.get("table") != "0"  # the explorer's ?hide=table
    prediction_drag(y, c, labels=LABELS[lang], key=f"drag-{k}", table=table, slopes=slopes, on_commit=_store)
    st.markdown(f"received y: {', '.join(f'{v:.6g}' for v in y)}")
    col_sse, col_cee = st.columns(2)
    col_sse.metric("received SSE", f"{lv.sum_squared_error(y, c):.6f}")
    col_cee.metric("received CE", f"{lv.cross_entropy_error(y, c):.6f}")
    st.markdown(f"commits: {st.session_state.get('commits', 0)}")  # last: the run drew all above


if __name__ == "__main__":
    main()
