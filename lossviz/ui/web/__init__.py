"""The browser side shared by lossviz's own components: plotly.js, its loader, the entry module.

plotly.js (4.8 MB) comes from the installed `plotly` package, nothing from a CDN. Streamlit serves
a declared directory, all of it, on its component route (declared with
st.components.v1.declare_component, so nothing needs `pip install -e .`), so each component's
browser files live in a folder of their own that holds nothing else (its `assets/`), and plotly.js
is served from a folder holding it alone (plotly_dir), not from the plotly package's. The URLs
carry the files' content hash or version, so a new deployment is never served from a stale
browser cache. tests/test_crowd.py fetches every file the routes serve and finds no source.
"""

import hashlib
import shutil
import tempfile
import threading
import weakref
from pathlib import Path

import plotly
import streamlit.components.v1 as components_v1

from lossviz.server import internals

ASSETS = Path(__file__).parent / "assets"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
BROWSER_FILES = frozenset({".js", ".css", ".html", ".woff2"})  # what a served folder may hold

# Streamlit runs this inline module on every mount and rerun; it imports the component's module
# from the URL in data[0].assets.module, so a rerun sends only data.
ENTRY_JS = (ASSETS / "entry.js").read_text(encoding="utf-8")


def payload(props):
    """A component's data as Streamlit sends it at least cost: the props dict inside a one-item list.

    Streamlit looks at every top-level value of a dict it is given for a dataframe to send as Arrow,
    which costs ~0.15 ms for each value that is a dict (labels, colours, assets…) and ~0.03 ms for
    each list, every rerun; a list it sends as JSON as it is. The browser side reads data[0].
    """
    return [props]


def version(*paths):
    """A short hash of these files' bytes, for cache-busting URLs."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_WEB_VERSION = version(*sorted(ASSETS.glob("*.js")), *sorted(ASSETS.glob("*.css")))
_plotly_dir = []  # the folder holding plotly.min.js alone, made once per process
_plotly_lock = threading.Lock()


def plotly_dir():
    """A folder of this process holding only plotly.min.js (a hard link to the plotly package's, or
    a copy where the two are on different file systems): the package's own folder holds its
    Python files too, and Streamlit would serve every one of them."""
    with _plotly_lock:
        if not _plotly_dir:
            folder = Path(tempfile.mkdtemp(prefix="lossviz-plotly-"))
            try:
                (folder / PLOTLY_JS.name).hardlink_to(PLOTLY_JS)
            except OSError:
                shutil.copyfile(PLOTLY_JS, folder / PLOTLY_JS.name)
            _plotly_dir.append(folder)
        return _plotly_dir[0]


_served = weakref.WeakKeyDictionary()  # a runtime's component registry -> {name: URL prefix}
DIRECTORIES = {}  # name -> the directory served under it, as declared (tests/test_crowd.py reads it)


def served(name, directory):
    """The page-relative URL prefix of a served directory ("component/<name>/"), registered once
    with the running server's component registry (a declaration costs ~1 ms: not once a rerun).

    Streamlit serves every file under `directory`: it must hold browser files only (a component's
    `assets/`), never the component's Python."""
    DIRECTORIES[name] = Path(directory)
    registry = internals.component_registry()
    known = _served.setdefault(registry, {}) if registry is not None else {}
    if name not in known:
        known[name] = f"component/{components_v1.declare_component(name, path=str(directory)).name}/"
    return known[name]


def shared_urls():
    """URLs of plotly.js and of this directory's loader (page-relative), for a component's data."""
    web = served("web", ASSETS)
    return {
        "loader": f"{web}plotly_loader.js?v={_WEB_VERSION}",
        "plotly": f"{served('plotly', plotly_dir())}plotly.min.js?v={plotly.__version__}",
    }


def web_url(name):
    """The URL of one file of this directory (page-relative, versioned)."""
    return f"{served('web', ASSETS)}{name}?v={_WEB_VERSION}"
