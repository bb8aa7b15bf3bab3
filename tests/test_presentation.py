"""Tests for lossviz/views/presentation.py: ?hide= names and the presentation stylesheet."""

from lossviz.views.presentation import HIDEABLE, PRESENTATION_CSS, parse_hide


def test_known_names_are_kept_sorted_and_unknown_ones_reported():
    assert parse_hide(" Tour ,presets,,") == (("presets", "tour"), None)
    names, notice = parse_hide("table,slides,zz")
    assert names == ("table",)
    assert str(notice).startswith("Ignored unknown names in hide: 'slides', 'zz'.")


def test_empty_hide_hides_nothing():
    assert parse_hide(None) == ((), None) and parse_hide("") == ((), None)


def test_every_hideable_part_is_described_and_the_css_is_a_style_block():
    assert all(HIDEABLE.values())
    assert PRESENTATION_CSS.strip().startswith("<style>") and "font-size: 20px" in PRESENTATION_CSS
