"""The Streamlit UI: with lossviz.server (the server process beside the pages), the only part of lossviz
that imports Streamlit."""
