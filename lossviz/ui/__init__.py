"""The Streamlit UI: the only part of lossviz that imports Streamlit."""
