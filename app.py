"""lossviz: the Streamlit entry point. Kept thin: the pages live in lossviz.ui."""

import streamlit as st

from lossviz.server import budget, janitor, pace
from lossviz.server.turns import turn_for
from lossviz.ui import batch, explorer, lab, train
from lossviz.ui.frame import header_ui
from lossviz.ui.i18n import init_language, tr


def main():
    janitor.start()  # once per server process: gives back the memory of sessions that have ended
    budget.start()  # once per server process: each upload is charged to the memory budget as it arrives
    pace.start()  # once per server process: no session reruns faster than a reader could ask
    init_language()  # before anything is drawn: page titles are in the reader's language too
    st.set_page_config(page_title=tr("app.page_title"), page_icon="📉", layout="wide")
    page = st.navigation(
        [
            st.Page(
                explorer.main,
                title=tr("app.page.explorer"),
                icon=":material/compare_arrows:",
                url_path="home",
                default=True,
            ),
            # The same page at /explorer, so a link written with the page's name opens it too.
            st.Page(explorer.main, title=tr("app.page.explorer"), url_path="explorer", visibility="hidden"),
            st.Page(lab.main, title=tr("app.page.lab"), icon=":material/science:", url_path="lab"),
            st.Page(batch.main, title=tr("app.page.batch"), icon=":material/table_chart:", url_path="batch"),
            st.Page(train.main, title=tr("train.page"), icon=":material/model_training:", url_path="train"),
        ],
        position="top",
    )
    # One page run at a time, each waiting at most half a second: a room that opens the link at
    # once gets its pages one after another, not all at the end (lossviz.server.turns).
    with turn_for(page.url_path):
        header_ui(page.url_path)
        page.run()


main()
