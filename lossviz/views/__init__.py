"""What each page shows: the explorer's comparison, the lab, the batch analysis, the tour and presets.

Plain data built from lossviz.maths, ready for a page to draw; no Streamlit.
"""
