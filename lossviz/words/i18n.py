"""Every user-facing string, in English and 简体中文, looked up by key.

The strings live in lossviz/words/strings/*.toml (one file per concern), each key a table with an
`en` and a `zh` template, formatted with str.format:

    [errors.parse.empty]
    en = "{name} is empty. Type numbers separated by commas, e.g. {example}."
    zh = "{name} 是空的。请输入用逗号分隔的数，例如 {example}。"

An optional `en_one` is the English singular, used when the parameter `n` is 1 (Chinese has no
plural). Numbers and formulas are parameters, so they are identical in both languages.
Core code that talks to the user returns or raises a `Message` (a key and its parameters) and
the UI renders it in the reader's language; a parameter that is itself a Message is rendered
in the same language.
"""

import re
import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = MappingProxyType({"en": "English", "zh": "中文"})  # each in its own language


def _leaves(table, prefix=""):
    """(dotted key, {lang: template}) for every table that holds an `en` entry."""
    for name, value in table.items():
        key = f"{prefix}{name}"
        if "en" in value:
            yield key, value
        else:
            yield from _leaves(value, key + ".")


@cache
def strings():
    """{key: {"en": …, "zh": …, ["en_one": …]}} merged from every file in lossviz/strings.

    Cached once per process (lossviz.ui.caching.CORE_CACHES).

    A key defined in two files is an error: each string has exactly one home.
    """
    table = {}
    for path in sorted(resources.files("lossviz.words.strings").iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".toml"):
            continue
        for key, entry in _leaves(tomllib.loads(path.read_text(encoding="utf-8"))):
            if key in table:
                raise KeyError(f"string {key!r} is defined twice (second time in {path.name})")
            table[key] = MappingProxyType(entry)
    return MappingProxyType(table)


def placeholders(template):
    """The names a template fills in, e.g. {'name', 'n'} for '{name} has {n:,} rows'."""
    return {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(template) if f}


def _render(value, lang):
    return value.text(lang) if isinstance(value, Message) else value


def text(key, lang=DEFAULT_LANGUAGE, /, **params):
    """The string `key` in `lang` ("en" or "zh"), with `params` filled in.

    >>> text("lang.label", "zh")
    '语言'
    >>> text("count.row", "en", n=1), text("count.row", "en", n=1200), text("count.row", "zh", n=1200)
    ('1 row', '1,200 rows', '1,200 行')
    """
    entry = strings()[key]
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    template = entry[lang]
    if lang == "en" and params.get("n") == 1 and "en_one" in entry:
        template = entry["en_one"]
    rendered = {name: _render(v, lang) for name, v in params.items()}
    if lang == "zh":
        template = _closed_up(template, {n: rendered[n] for n, v in params.items() if isinstance(v, Message)})
    return template.format(**rendered)


_CJK = "\u3000-\u9fff\uff00-\uffef"  # CJK characters and punctuation, full-width forms


def _closed_up(template, parts):
    """A zh template without the space between a part that ends in Chinese and the Chinese after it.

    Chinese puts a space between Chinese and Latin text or numbers ("t 是空的"), none between two
    Chinese characters ("t 第 1 行是空的"). parts: {name: text} of the parameters that are
    themselves Messages (a name put into words, which may end in Chinese), already in Chinese.
    >>> _closed_up("{name} 是空的。", {"name": "t 第 1 行"})
    '{name}是空的。'
    >>> _closed_up("{name} 是空的。", {"name": "t"})
    '{name} 是空的。'
    """
    for name, value in parts.items():
        if re.search(f"[{_CJK}]$", value):
            template = re.sub(r"(\{" + name + r"(?::[^}]*)?\}) (?=[" + _CJK + "])", r"\1", template)
    return template


@dataclass(frozen=True)
class Message:
    """A string not yet put into words: a key of the strings table and its parameters.

    >>> m = Message("count.row", {"n": 3})
    >>> m.text("en"), m.text("zh"), str(m)
    ('3 rows', '3 行', '3 rows')
    """

    key: str
    params: dict = field(default_factory=dict)

    def text(self, lang=DEFAULT_LANGUAGE):
        return text(self.key, lang, **self.params)

    def __hash__(self):  # params is a dict: hash its items (scalars, strings and Messages)
        return hash((self.key, tuple(sorted(self.params.items()))))

    def __str__(self):
        return self.text(DEFAULT_LANGUAGE)


def msg(key, /, **params):
    """Message(key, params), spelled short for the many places that build one."""
    return Message(key, params)


def render(value, lang=DEFAULT_LANGUAGE):
    """A Message in `lang`; anything else (a number, a plain string, None) unchanged."""
    return _render(value, lang)


def language_from_locale(locale):
    """The language to show a browser that reports `locale` ("zh-CN", "en-US", None …).

    Any Chinese locale gets Chinese (the article is Chinese); everything else English.
    >>> language_from_locale("zh-CN"), language_from_locale("zh_TW"), language_from_locale("de-DE")
    ('zh', 'zh', 'en')
    >>> language_from_locale(None)
    'en'
    """
    if locale and locale.lower().replace("_", "-").split("-")[0] == "zh":
        return "zh"
    return DEFAULT_LANGUAGE


def parse_language(value):
    """A ?lang= value as a language code, or None when it names none.

    >>> parse_language("zh"), parse_language("ZH-cn"), parse_language("en"), parse_language("fr")
    ('zh', 'zh', 'en', None)
    """
    code = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None
