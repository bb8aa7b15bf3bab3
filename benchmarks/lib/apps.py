"""The apps the benchmarks serve: lossviz itself, and the bare Streamlit apps it is compared with."""

from lossviz.server.launch import ROOT

APP = ROOT / "app.py"
BARE_LOAD_APP = ROOT / "benchmarks" / "bare_load_app.py"  # a text box and a slider (load, burst, cpu)
BARE_APP = ROOT / "benchmarks" / "bare_app.py"  # one text box (the browser benchmarks)
