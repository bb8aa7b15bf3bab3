"""The baseline for benchmarks/load.py: a text box and a slider bound to the link, their values written back.

The explorer's edits type into `y`; the lab's and the batch page's move a slider, here `s`.
With ?extra=N in its link it also writes N one-line Markdown elements (at most 200): a bare app with
as many elements as a lossviz page, to tell Streamlit's cost per element from lossviz's own work
(benchmarks/burst.py --bare-extra).
"""

import streamlit as st

y = st.text_input("y", "0.1, 0.05, 0.05, 0.8", key="y", bind="query-params")
s = st.slider("s", 0.0, 10.0, 1.0, 0.05, key="s", bind="query-params")
st.write(f"value: {y} · {s:g}")
extra = st.query_params.get("extra", "0")
for i in range(min(int(extra), 200) if extra.isdigit() else 0):
    st.markdown(f"line {i}")
