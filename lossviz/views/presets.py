"""Ready-made inputs, one click each: the article's and the book's examples and a few extremes."""

from dataclasses import dataclass

from lossviz.words.i18n import msg


@dataclass(frozen=True)
class Preset:
    """A named (t, y) pair, as the text a user would type; its label and note are in strings/explorer.toml."""

    key: str
    t: str
    y: str

    @property
    def label(self):
        return msg(f"presets.{self.key}.label")

    @property
    def note(self):
        return msg(f"presets.{self.key}.note")


PRESETS = (
    Preset("article-1", "0, 1, 0, 0", "0.1, 0.05, 0.05, 0.8"),
    Preset("article-2", "0, 1, 0, 0", "0.1, 0.8, 0.05, 0.05"),
    Preset("book-right", "0, 0, 1, 0, 0, 0, 0, 0, 0, 0", "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0"),
    Preset("book-wrong", "0, 0, 1, 0, 0, 0, 0, 0, 0, 0", "0.1, 0.05, 0.1, 0, 0.05, 0.1, 0, 0.6, 0, 0"),
    Preset("perfect", "0, 1, 0, 0", "0, 1, 0, 0"),
    Preset("uniform", "0, 1, 0, 0", "0.25, 0.25, 0.25, 0.25"),
    Preset("confident-wrong", "0, 1, 0, 0", "0.005, 0.001, 0.99, 0.004"),
    Preset("three-class", "2", "0.2, 0.3, 0.5"),
    # Test digit 219 of lossviz/data (an 8) as the training page's cross-entropy network sees it
    # at the default settings: its worst digit (tests/test_app_train.py trains it again).
    Preset(
        "real-digit",
        "8",
        "0.000016, 0.961168, 0.000504, 0.000283, 0.018452, 0.001445, 0.00007, 0.003603, 0.01405, 0.000409",
    ),
)
