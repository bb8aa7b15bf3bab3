"""The baseline for benchmarks/browser_latency.py: one text box, its value written back."""

import streamlit as st

value = st.text_input("y", "0.1, 0.05, 0.05, 0.8", key="y")
st.write(f"value: {value}")
