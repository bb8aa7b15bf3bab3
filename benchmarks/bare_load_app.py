"""The baseline for benchmarks/load.py: a text box and a slider bound to the link, their values written back.

The explorer's edits type into `y`; the lab's and the batch page's move a slider, here `s`.
"""

import streamlit as st

y = st.text_input("y", "0.1, 0.05, 0.05, 0.8", key="y", bind="query-params")
s = st.slider("s", 0.0, 10.0, 1.0, 0.05, key="s", bind="query-params")
st.write(f"value: {y} · {s:g}")
