"""Room codes and presenter keys (lossviz.room.codes); rooms.create on both backends."""

import room_servers
from hypothesis import given
from hypothesis import strategies as st

from lossviz.room import codes, rooms

store, redis_url = room_servers.store, room_servers.redis_url  # fixtures: each test on both backends
NOW = 1_000_000.0


def test_the_alphabet_has_no_look_alikes():
    assert not set("0O1IL") & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 31  # 8 digits 2–9 + 26 letters − I, L, O


def test_there_are_at_least_ten_million_codes():
    assert len(codes.ALPHABET) ** codes.CODE_LENGTH == 28_629_151  # 31⁵, by hand: 31² = 961, 961² · 31


def test_a_key_carries_at_least_128_bits():
    key = codes.new_key()
    assert len(key) == 32  # 24 random bytes in base64: 24 · 4/3 characters
    assert codes.KEY_BYTES * 8 >= 128
    assert len({codes.new_key() for _ in range(100)}) == 100


def test_new_codes_are_codes():
    for _ in range(200):
        code = codes.new_code()
        assert codes.normalise_code(code) == code


def test_typed_codes_are_normalised():
    assert codes.normalise_code("k7q xm") == "K7QXM"
    assert codes.normalise_code("K7-QX-M") == "K7QXM"
    assert codes.normalise_code("\tk7qxm\n") == "K7QXM"
    for not_a_code in (
        "K7QX",
        "K7QXMM",
        "K7QX0",
        "K7QXI",
        "",
        "     ",
        "K7QXM" + " " * 60,
        None,
        5,
        b"K7QXM",
    ):
        assert codes.normalise_code(not_a_code) is None


@given(st.one_of(st.text(), st.none(), st.integers(), st.floats(), st.binary()))
def test_normalising_anything_gives_a_code_or_none(text):
    code = codes.normalise_code(text)
    assert code is None or (len(code) == 5 and set(code) <= set(codes.ALPHABET))


@given(st.one_of(st.text(), st.none(), st.integers(), st.binary()))
def test_only_the_key_matches_its_digest(other):
    key = codes.new_key()
    assert codes.key_matches(key, codes.key_digest(key))
    assert not codes.key_matches(other, codes.key_digest(key)) or other == key


def test_the_room_keeps_only_the_keys_digest(store):
    code, key = rooms.create(store, NOW)
    fields = store.read(code, NOW).fields
    assert key not in fields.values()
    assert fields["key"] == codes.key_digest(key)


def test_rooms_get_distinct_codes_and_keys(store):
    made = [rooms.create(store, NOW) for _ in range(50)]
    assert len({code for code, _ in made}) == len({key for _, key in made}) == 50


def test_a_taken_code_is_drawn_again(store, monkeypatch):
    drawn = iter(["AAAAA", "AAAAA", "BBBBB"])
    monkeypatch.setattr(codes, "new_code", lambda: next(drawn))
    assert rooms.create(store, NOW)[0] == "AAAAA"
    assert rooms.create(store, NOW)[0] == "BBBBB"
