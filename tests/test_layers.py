"""Tests for the layer order written in lossviz/__init__.py: every import points down, and
Streamlit is imported only by lossviz.ui and lossviz.server.

Each module's imports are read from its source (ast), including imports inside functions, so a
module that imports upward only when a function runs is caught too.
"""

import ast
from pathlib import Path

import lossviz

PACKAGE = Path(lossviz.__file__).parent
LAYERS = lossviz.LAYERS
STREAMLIT_HOMES = ("ui", "server")


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def layer(module):
    """The layer a lossviz module belongs to: its sub-package, or the facade's layer for `lossviz`."""
    parts = module.split(".")
    if len(parts) == 1:
        return lossviz.FACADE_LAYER
    return parts[1]


def imports(name, path):
    """(line, imported module) for every import in module `name` (its source at path), `from a
    import b` as a.b when a.b is a module of lossviz and as a otherwise; relative imports resolved
    against the module's package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.append((node.lineno, full if full in MODULES else base))
    return found


def upward_imports(modules):
    """'module:line imports target (layer a above layer b)' for each import that points up."""
    rank = {name: i for i, name in enumerate(LAYERS)}
    wrong = []
    for name, path in modules.items():
        for line, target in imports(name, path):
            if target.split(".")[0] != "lossviz":
                continue
            own, theirs = layer(name), layer(target)
            if rank[theirs] > rank[own]:
                wrong.append(f"{name}:{line} imports {target} ({theirs} is above {own})")
    return wrong


def test_every_module_is_in_a_layer():
    assert {layer(name) for name in MODULES} <= set(LAYERS), "a new sub-package: give it a place in LAYERS"


def test_imports_only_point_down():
    assert upward_imports(MODULES) == []


def test_streamlit_is_imported_only_by_the_ui_and_the_server():
    wrong = [
        f"{name}:{line} imports {target}"
        for name, path in MODULES.items()
        if layer(name) not in STREAMLIT_HOMES
        for line, target in imports(name, path)
        if target.split(".")[0] == "streamlit"
    ]
    assert wrong == []


def test_the_check_names_an_upward_import(tmp_path):
    # Control: a words module that imports δ from maths, and a maths module that imports the UI
    # inside a function, are both reported with their line.
    words = tmp_path / "words.py"
    words.write_text("from lossviz.maths.losses import DELTA\n", encoding="utf-8")
    maths = tmp_path / "maths.py"
    maths.write_text("def f():\n    from lossviz.ui import link\n", encoding="utf-8")
    fake = {"lossviz.words.fake": words, "lossviz.maths.fake": maths}
    assert upward_imports(fake) == [
        "lossviz.words.fake:1 imports lossviz.maths.losses (maths is above words)",
        "lossviz.maths.fake:2 imports lossviz.ui.link (ui is above maths)",
    ]
