"""Room codes a learner types from the projector, and the presenter's secret key.

A code is CODE_LENGTH characters from ALPHABET, which leaves out the look-alikes 0/O, 1/I/L:
31⁵ ≈ 2.9 × 10⁷ codes. The key is 192 random bits (secrets), URL-safe; the room keeps only its
SHA-256 and compares digests in constant time.
"""

import hashlib
import hmac
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0, O, 1, I, L
CODE_LENGTH = 5
KEY_BYTES = 24  # 192 bits
MAX_TYPED = 64  # longer text is not a code someone typed
MAX_KEY = 128
_SEPARATORS = re.compile(r"[\s\-_.·]+")


def new_code():
    """A random room code, e.g. 'K7QXM'."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_key():
    """A random presenter key: KEY_BYTES bytes as URL-safe base64 (32 characters)."""
    return secrets.token_urlsafe(KEY_BYTES)


def normalise_code(text):
    """The code a learner typed, upper-cased without spaces or dashes; None if it is not a code.

    >>> normalise_code("ab c-d e"), normalise_code(" k7qxm "), normalise_code("ABCD0")
    ('ABCDE', 'K7QXM', None)
    >>> normalise_code(12345), normalise_code(""), normalise_code("ABCDEF")
    (None, None, None)
    """
    if not isinstance(text, str) or len(text) > MAX_TYPED:
        return None
    code = _SEPARATORS.sub("", text).upper()
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def key_digest(key):
    """SHA-256 of a key, hex: what a room stores instead of the key itself."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_matches(key, digest):
    """Whether `key` is the one whose digest the room keeps; constant-time, False for non-keys.

    >>> k = new_key()
    >>> key_matches(k, key_digest(k)), key_matches(k + "x", key_digest(k)), key_matches(None, key_digest(k))
    (True, False, False)
    """
    if not isinstance(key, str) or not key or len(key) > MAX_KEY or not key.isascii():
        return False
    return hmac.compare_digest(key_digest(key), digest)
