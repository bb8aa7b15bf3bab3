"""The recording scripts here run by hand where PyTorch, JAX and scikit-learn are installed.

They hold no tests and no doctests, and CI does not install those libraries: pytest does not
collect them (the tests that read what they recorded import them themselves when needed).
"""

collect_ignore_glob = ["record*.py"]
