"""The Streamlit server process: what lossviz does beside the pages, and how a server is started.

internals is the only module that reaches Streamlit's private parts; janitor gives back the memory
of ended sessions; turns lets page runs take turns; launch starts `streamlit run` (stdlib only, for
tests, benchmarks and deploy/scale_out.py). Nothing here draws a widget.
"""
