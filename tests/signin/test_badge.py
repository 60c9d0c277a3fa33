"""Badge payloads: what a scanner types must come back as the same person, or be refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caravan_app.domain import badge

codes = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40)


@given(codes)
def test_any_badge_code_round_trips_as_uppercase_ascii(code: str) -> None:
    payload = badge.encode(code)
    assert payload.isascii() and payload == payload.upper()
    assert set(payload) <= set(badge.ALPHABET) | set("CVP")
    assert badge.decode(payload).code == code


def test_caps_lock_and_stray_whitespace_still_read() -> None:
    payload = badge.encode("7naris9o")
    assert badge.decode(payload.lower() + "\r\n").code == "7naris9o"


@given(codes, st.data())
def test_every_single_wrong_character_is_caught(code: str, data: st.DataObject) -> None:
    payload = badge.encode(code)
    i = data.draw(st.integers(min_value=3, max_value=len(payload) - 1))
    wrong = data.draw(st.sampled_from([c for c in badge.ALPHABET if c != payload[i]]))
    garbled = payload[:i] + wrong + payload[i + 1 :]
    with pytest.raises(badge.BadgeError) as e:
        badge.decode(garbled)
    assert not e.value.foreign and "重新扫描" in e.value.zh


def test_swapped_neighbours_are_caught() -> None:
    payload = badge.encode("Wang-2026")
    caught = 0
    total = 0
    for i in range(3, len(payload) - 1):
        if payload[i] == payload[i + 1]:
            continue
        total += 1
        swapped = payload[:i] + payload[i + 1] + payload[i] + payload[i + 2 :]
        try:
            badge.decode(swapped)
        except badge.BadgeError:
            caught += 1
    assert total > 5 and caught == total


@pytest.mark.parametrize(
    "scan",
    [
        "9787530215593",  # a book's ISBN barcode
        "http://192.168.137.1:8765/s/abcdefgh",  # a sign-in poster
        "https://u.wechat.com/xyz",
        "",
        "CV",
        "CVX123456789",  # our prefix, unknown kind
    ],
)
def test_foreign_codes_are_told_apart_from_misreads(scan: str) -> None:
    with pytest.raises(badge.BadgeError) as e:
        badge.decode(scan)
    assert e.value.foreign
    assert e.value.field == "badge" and "不是本系统" in e.value.zh


def test_truncated_scan_is_a_misread() -> None:
    payload = badge.encode("7naris9o")
    with pytest.raises(badge.BadgeError) as e:
        badge.decode(payload[:-3])
    assert not e.value.foreign


def test_non_ascii_badge_codes_are_refused_at_encoding() -> None:
    with pytest.raises(ValueError):
        badge.encode("王")
    with pytest.raises(ValueError):
        badge.encode("x" * 41)
