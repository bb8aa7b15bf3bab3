"""The one error type of lossviz."""

from lossviz.words.i18n import DEFAULT_LANGUAGE, Message


class InputError(ValueError):
    """Input that cannot be computed; the message is written for the user.

    Every message says what is wrong, where, and what to type instead, so the
    UI shows it verbatim (it catches this type in one place). The message is a
    key of the strings table and its parameters, put into words in the reader's
    language by `text(lang)`; `str()` is the English. `field` names the input
    box the message belongs next to ("t", "y", …), or is None.
    >>> e = InputError("errors.parse.empty", field="y", name="y", example="0.1, 0.9")
    >>> e.field, str(e)
    ('y', 'y is empty. Type numbers separated by commas, e.g. 0.1, 0.9.')
    >>> e.text("zh")
    'y 是空的。请输入用逗号分隔的数，例如 0.1, 0.9。'
    """

    def __init__(self, key, *, field=None, **params):
        self.message = key if isinstance(key, Message) else Message(key, params)
        self.field = field
        super().__init__(self.message.text(DEFAULT_LANGUAGE))

    def text(self, lang=DEFAULT_LANGUAGE):
        """The message in `lang` ("en" or "zh")."""
        return self.message.text(lang)

    def at(self, field):
        """The same error, attached to input box `field`."""
        return InputError(self.message, field=field)
