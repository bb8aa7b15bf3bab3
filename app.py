"""lossviz: the Streamlit entry point. Kept thin: the page lives in lossviz.ui."""

import streamlit as st

from lossviz.ui.explorer import main

st.set_page_config(page_title="lossviz — squared error vs cross-entropy", page_icon="📉", layout="wide")
main()
