"""Tests for lossviz/words/i18n.py and the strings table in lossviz/words/strings/*.toml."""

import ast
import re
from pathlib import Path

import pytest
from visible import KEEP

from lossviz.words.errors import InputError
from lossviz.words.i18n import (
    LANGUAGES,
    Message,
    language_from_locale,
    msg,
    parse_language,
    placeholders,
    strings,
    text,
)

KEEP_NAMES = r"\b(?:" + "|".join(re.escape(n) for n in KEEP) + r")\b"
ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
SYMBOLS_ONLY = {"name.delta", "drag.col_cee_term"}  # "delta" is written δ in Chinese; a formula
_FIELDS = re.compile(r"\{[^{}]*\}")


def test_every_key_has_both_languages_with_the_same_placeholders():
    table = strings()
    assert len(table) > 150
    for key, entry in table.items():
        assert set(entry) <= {"en", "en_one", "zh"}, key
        for lang in LANGUAGES:
            assert entry.get(lang, "").strip(), f"{key} has no {lang} text"
        wanted = placeholders(entry["en"])
        assert placeholders(entry["zh"]) == wanted, f"{key}: zh placeholders differ from en"
        if "en_one" in entry:
            assert placeholders(entry["en_one"]) <= wanted | {"n"}, key


def test_chinese_texts_are_chinese_and_english_texts_are_not():
    for key, entry in strings().items():
        has_words = re.search(r"[A-Za-z]{2,}", _FIELDS.sub("", entry["en"]))
        zh_words = re.search(r"[A-Za-z]{2,}", re.sub(KEEP_NAMES, "", _FIELDS.sub("", entry["zh"])))
        if has_words and zh_words and key not in SYMBOLS_ONLY:  # not just placeholders, names, symbols
            assert CJK.search(entry["zh"]), f"{key}: zh text has no Chinese: {entry['zh']!r}"
        assert not CJK.search(entry["en"]), f"{key}: en text has Chinese"


def _literal_keys():
    """(file, key) for every string literal passed as the first argument of tr/text/msg/InputError/Message.

    f-string keys (f"charts.loss.{loss}") are checked by the tests that render every page instead.
    """
    calls = {"tr", "text", "msg", "InputError", "Message"}
    for path in sorted((ROOT / "lossviz").rglob("*.py")) + [ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            first = node.args[0]
            if name in calls and isinstance(first, ast.Constant) and isinstance(first.value, str):
                if name == "text" and isinstance(node.func, ast.Attribute):
                    continue  # some_object.text(lang), not lossviz.words.i18n.text
                yield path.relative_to(ROOT), first.value


def test_every_key_the_code_names_exists():
    keys = list(_literal_keys())
    assert len(keys) > 150  # the scan sees the code
    missing = [(str(f), k) for f, k in keys if k not in strings()]
    assert not missing, missing


def test_a_missing_key_fails_loudly():
    with pytest.raises(KeyError):
        text("no.such.key", "zh")


def test_placeholders_parse_format_specs_and_attributes():
    assert placeholders("{name} has {n:,} rows, {x.y} and {{literal}}") == {"name", "n", "x"}


def test_plural_only_in_english():
    # Hand-written expectations: English counts 1 row / 2 rows; Chinese has one form.
    assert [text("count.row", "en", n=n) for n in (1, 2)] == ["1 row", "2 rows"]
    assert [text("count.row", "zh", n=n) for n in (1, 2)] == ["1 行", "2 行"]


def test_nested_messages_render_in_the_outer_language():
    m = msg("shape.matrix", rows=msg("count.row", n=3), columns=msg("count.column", n=10))
    assert m.text("en") == "3 rows × 10 columns"
    assert m.text("zh") == "3 行 × 10 列"
    assert str(m) == m.text("en") and hash(m) == hash(Message("shape.matrix", dict(m.params)))


def test_an_unknown_language_falls_back_to_english():
    assert text("lang.label", "fr") == "Language"


def test_input_errors_speak_both_languages_and_keep_their_field():
    e = InputError("errors.parse.empty", name="y", example="0.1, 0.9").at("y")
    assert (e.field, str(e)) == ("y", "y is empty. Type numbers separated by commas, e.g. 0.1, 0.9.")
    assert e.text("zh") == "y 是空的。请输入用逗号分隔的数，例如 0.1, 0.9。"


@pytest.mark.parametrize(
    ("locale", "lang"),
    [("zh-CN", "zh"), ("zh-Hans", "zh"), ("zh_TW", "zh"), ("ZH", "zh"), ("en-US", "en"), ("ja-JP", "en"),
     ("", "en"), (None, "en")],
)  # fmt: skip
def test_the_browser_locale_picks_the_default_language(locale, lang):
    assert language_from_locale(locale) == lang


@pytest.mark.parametrize(
    ("value", "lang"), [("zh", "zh"), ("en", "en"), (" ZH ", "zh"), ("zh-CN", "zh"), ("de", None), ("", None),
                        (None, None)],
)  # fmt: skip
def test_lang_parameter_values(value, lang):
    assert parse_language(value) == lang


def test_the_terminology_of_the_article():
    # The article's words: 均方误差 (its "MSE"), 交叉熵误差, 独热编码 (one-hot).
    assert "均方误差" in text("explorer.sse.title", "zh")
    assert text("explorer.cee.title", "zh") == "交叉熵误差"
    assert "独热编码" in text("explorer.t.help", "zh")


def test_every_strings_file_is_loaded():
    files = {p.name for p in (ROOT / "lossviz" / "words" / "strings").glob("*.toml")}
    assert {"core.toml", "app.toml", "explorer.toml", "tour.toml", "charts.toml"} <= files


def test_chinese_parts_join_without_a_space_and_latin_ones_keep_it():
    """Chinese spaces Latin text and numbers off ("t 是空的"), never two Chinese characters: a name
    that is itself put into words ("t 第 1 行") joins the sentence after it with no space."""
    row = msg("name.row_of", name="t", row=1)
    assert text("errors.array.empty", "zh", name=row) == "t 第 1 行是空的。请至少输入一个数，例如 0.1, 0.9。"
    assert text("errors.array.empty", "zh", name="t") == "t 是空的。请至少输入一个数，例如 0.1, 0.9。"
    assert (
        text("errors.array.empty", "en", name=row)
        == "t, row 1 is empty. Type at least one number, e.g. 0.1, 0.9."
    )
    # No template anywhere leaves a space between a Chinese name and the Chinese after it.
    for key, entry in strings().items():
        names = {m.group(1) for m in re.finditer(r"\{(\w+)\} [\u4e00-\u9fff]", entry["zh"])}
        if names:
            params = dict.fromkeys(re.findall(r"\{(\w+)", entry["zh"]), 1) | dict.fromkeys(names, row)
            shown = text(key, "zh", **params)
            assert not re.search(r"行 [\u4e00-\u9fff]", shown), (key, shown)
