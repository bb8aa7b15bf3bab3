"""The one error type of lossviz."""


class InputError(ValueError):
    """Input that cannot be computed; the message is written for the user.

    Every message says what is wrong, where, and what to type instead, so the
    UI shows it verbatim (it catches this type in one place). `field` names the
    input box the message belongs next to ("t", "y", …), or is None.
    >>> InputError("y is empty.", field="y").field
    'y'
    """

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field

    def at(self, field):
        """The same error, attached to input box `field`."""
        return InputError(str(self), field=field)
