"""The room's one error type: what a learner or presenter did that the room refuses."""

from lossviz.words.errors import InputError


class RoomError(InputError):
    """A room refused a request (unknown code, wrong key, a closed question, an outage …).

    An InputError: its message is a key of lossviz/words/strings/room.toml, shown verbatim in
    the reader's language, so the UI catches it where it catches every other input error.
    >>> RoomError("room.unknown").text("en")
    'No room has this code. Check the code on the projector and type it again.'
    """
