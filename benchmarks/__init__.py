"""lossviz's benchmarks, one a file, on the shared library benchmarks.lib.

Run each from the repository's root as a module, e.g. `python -m benchmarks.load --help`: that is
what lets them import lossviz and benchmarks.lib.
"""
