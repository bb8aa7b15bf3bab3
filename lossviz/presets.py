"""Ready-made inputs, one click each: the article's and the book's examples and a few extremes."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    """A named (t, y) pair, as the text a user would type."""

    key: str
    label: str
    t: str
    y: str
    note: str


PRESETS = (
    Preset(
        "article-1",
        "Article ①",
        "0, 1, 0, 0",
        "0.1, 0.05, 0.05, 0.8",
        "The article's first example: only 0.05 on the correct class 1, 0.8 on class 3.",
    ),
    Preset(
        "article-2",
        "Article ②",
        "0, 1, 0, 0",
        "0.1, 0.8, 0.05, 0.05",
        "The article's second example: 0.8 on the correct class 1.",
    ),
    Preset(
        "book-right",
        "Book: right",
        "0, 0, 1, 0, 0, 0, 0, 0, 0, 0",
        "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0",
        "Deep Learning from Scratch §4.2: ten digits, 0.6 on the correct class 2.",
    ),
    Preset(
        "book-wrong",
        "Book: wrong",
        "0, 0, 1, 0, 0, 0, 0, 0, 0, 0",
        "0.1, 0.05, 0.1, 0, 0.05, 0.1, 0, 0.6, 0, 0",
        "The book's second example: the 0.6 moved to class 7, only 0.1 on the correct class 2.",
    ),
    Preset(
        "perfect",
        "Perfect",
        "0, 1, 0, 0",
        "0, 1, 0, 0",
        "All probability on the correct class: squared error 0, cross-entropy −log(1 + δ) ≈ −1e-7.",
    ),
    Preset(
        "uniform",
        "Uniform",
        "0, 1, 0, 0",
        "0.25, 0.25, 0.25, 0.25",
        "No idea at all: every class gets 1/4, so cross-entropy is log 4.",
    ),
    Preset(
        "confident-wrong",
        "Confidently wrong",
        "0, 1, 0, 0",
        "0.005, 0.001, 0.99, 0.004",
        "0.99 on the wrong class 2: cross-entropy punishes this far harder than squared error.",
    ),
    Preset(
        "three-class",
        "3 classes",
        "2",
        "0.2, 0.3, 0.5",
        "Three classes, the target given as the label 2: the loss surface is a triangle.",
    ),
)
