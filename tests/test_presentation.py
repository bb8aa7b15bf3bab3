"""Tests for lossviz/views/presentation.py: the presentation stylesheet."""

from lossviz.views.presentation import PRESENTATION_CSS


def test_the_css_is_a_style_block_with_larger_type():
    assert PRESENTATION_CSS.strip().startswith("<style>") and "font-size: 20px" in PRESENTATION_CSS
