"""lossviz: the Streamlit entry point (kept thin; the UI lives in lossviz.ui)."""

import streamlit as st

import lossviz as lv

st.set_page_config(page_title="lossviz", page_icon="📉")
st.title("lossviz")
t_text = st.text_input("t (target)", "0, 1, 0, 0")
y_text = st.text_input("y (predicted probabilities)", "0.1, 0.05, 0.05, 0.8")
try:
    y = lv.parse_vector(y_text, name="y")
    t = lv.parse_vector(t_text, name="t")
    st.metric("Squared error ½Σ(y−t)²", f"{lv.sum_squared_error(y, t):.4f}")
    st.metric("Cross-entropy error", f"{lv.cross_entropy_error(y, t):.4f}")
except lv.InputError as exc:
    st.error(str(exc))
