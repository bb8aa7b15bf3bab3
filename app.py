"""lossviz: the Streamlit entry point. Kept thin: the pages live in lossviz.ui."""

import streamlit as st

from lossviz.ui import batch, explorer, lab, workshop

st.set_page_config(page_title="lossviz — squared error vs cross-entropy", page_icon="📉", layout="wide")
page = st.navigation(
    [
        st.Page(
            explorer.main,
            title="Explorer",
            icon=":material/compare_arrows:",
            url_path="explorer",
            default=True,
        ),
        st.Page(lab.main, title="Numerics lab", icon=":material/science:", url_path="lab"),
        st.Page(batch.main, title="Batch", icon=":material/table_chart:", url_path="batch"),
    ],
    position="top",
)
workshop.presentation_ui()  # on every page: ?present=1 enlarges whichever page is projected
page.run()
