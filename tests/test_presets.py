"""Tests for lossviz/views/presets.py."""

import pytest

from lossviz.views.comparison import compare_texts
from lossviz.views.presets import PRESETS


def test_keys_and_labels_are_unique():
    assert len({p.key for p in PRESETS}) == len({p.label for p in PRESETS}) == len(PRESETS)


@pytest.mark.parametrize("preset", PRESETS, ids=[p.key for p in PRESETS])
def test_every_preset_computes_without_warnings(preset):
    c = compare_texts(preset.t, preset.y)
    assert c.y_warning is None and c.t_warning is None
    assert preset.note


def test_article_presets_are_the_articles_vectors():
    # ../shared/seed: t = [0, 1, 0, 0]; y = [0.1, 0.05, 0.05, 0.8] and [0.1, 0.8, 0.05, 0.05].
    first, second = PRESETS[0], PRESETS[1]
    assert (first.t, first.y) == ("0, 1, 0, 0", "0.1, 0.05, 0.05, 0.8")
    assert (second.t, second.y) == ("0, 1, 0, 0", "0.1, 0.8, 0.05, 0.05")
