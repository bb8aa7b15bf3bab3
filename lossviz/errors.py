"""The one error type of lossviz."""


class InputError(ValueError):
    """Input that cannot be computed; the message is written for the user.

    Every message says what is wrong, where, and what to type instead, so the
    UI shows it verbatim (it catches this type in one place).
    """
