"""Tests for lossviz/ui/explorer_charts.py: a view has one name, from the link to its chart."""

from lossviz.charts import explorer as charts
from lossviz.inputs.link import PARAM
from lossviz.ui.explorer_charts import VIEWS, plain_view
from lossviz.words.i18n import strings


def test_the_views_are_the_links_options_in_order():
    assert tuple(VIEWS) == PARAM["view"].options


def test_each_view_has_a_tab_label_and_its_charts_are_named_after_it():
    words = strings()
    for view, draw in VIEWS.items():
        assert f"explorer.tab.{view}" in words
        assert any(name == view or name.startswith(f"{view}_") for name in charts.CHARTS), view
        if draw is plain_view:  # drawn by its name alone: its chart and its words must exist
            assert view in charts.CHARTS
            assert {f"explorer.{view}.alt", f"explorer.{view}.caption"} <= words.keys()


def test_every_chart_belongs_to_a_view():
    assert all(name.split("_")[0] in VIEWS for name in charts.CHARTS)
