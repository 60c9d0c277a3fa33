"""The badge's fixed shape is what lets a slow scanner be told from typing: ``could_start`` is
true for every beginning of every payload and false as soon as a character cannot continue one."""

from __future__ import annotations

import random

from caravan_app.domain import badge


def test_every_beginning_of_a_payload_could_start_a_badge() -> None:
    rng = random.Random(7)
    alphabet = "ABCDEFGHJKMNPQRSTVWXYZ0123456789"
    for _ in range(200):
        code = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, badge.MAX_CODE_BYTES)))
        payload = badge.encode(code)
        assert badge.MIN_LENGTH <= len(payload) <= badge.MAX_LENGTH
        for n in range(1, len(payload) + 1):
            assert badge.could_start(payload[:n]) and badge.could_start(payload[:n].lower())


def test_what_cannot_continue_a_badge() -> None:
    for text in ("1", "4", "C3", "CF", "Chen", "CVX", "CVP-", "CVPU", "http", "9787530215593", ""):
        assert not badge.could_start(text), text
    assert not badge.could_start(badge.encode("x" * badge.MAX_CODE_BYTES) + "0")  # longer than any
