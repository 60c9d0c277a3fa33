"""Codes a person reads or types: verification codes and sign-in tokens in an alphabet without
look-alikes, read back in any case; text cleaning that keeps Chinese punctuation."""

from __future__ import annotations

from typing import Any

import pytest

from caravan_app.domain import rules
from caravan_app.domain.errors import DomainError
from caravan_app.reports.verify import ALPHABET, group_code
from caravan_app.services.app import App


def test_the_alphabet_has_nothing_to_confuse() -> None:
    assert not set(ALPHABET) & set("0O1IL") and ALPHABET == ALPHABET.upper() and len(set(ALPHABET)) == 31


def test_verification_is_case_insensitive_and_old_codes_still_verify(app: App, day: dict[str, Any]) -> None:
    fig = app.reports.figures(day["visit"])
    payload = fig.payload()
    code = payload.rsplit(":", 1)[1]
    assert payload.startswith("CFLV2:") and len(code) == 10 and set(code) <= set(ALPHABET)
    assert app.reports.verify(payload).ok
    assert app.reports.verify(payload.lower()).ok  # a scanner with Caps Lock on
    assert app.reports.verify("  " + payload.upper() + "\n").ok
    # typed from the paper: report number and the grouped code, in any case
    assert app.reports.verify(f"{fig.report_no()} {group_code(fig.digest())}").ok
    assert app.reports.verify(f"{fig.report_no().lower()}  {fig.digest().lower()}").ok
    # a code printed before this change (CFLV1 with 12 hex digits) still verifies, in any case
    v1 = f"CFLV1:{fig.visit_id}:{fig.digest_v1()}"
    assert app.reports.verify(v1).ok and app.reports.verify(v1.upper()).ok
    # a wrong code fails, and so does one changed by a single character
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert not app.reports.verify(f"CFLV2:{fig.visit_id}:{wrong}").ok
    assert not app.reports.verify(f"{fig.report_no()} {wrong}").ok
    with pytest.raises(DomainError):
        app.reports.verify(f"CFLV2:{fig.visit_id}:{code[:-1]}O")  # O is not in the alphabet


def test_caravan_verify_takes_any_case(app: App, day: dict[str, Any]) -> None:
    from caravan_app.cli.main import main

    payload = app.reports.figures(day["visit"]).payload()
    assert main(["--data-dir", str(app.data_dir), "verify", payload.lower()]) == 0


def test_sign_in_tokens_are_unambiguous_and_resolve_in_any_case(app: App) -> None:
    c = app.catalog.add_caravan("1号车", None, "任城区")
    v = app.visits.add(app.sites.add(name="马庙村", county="金乡县", kind="村"), c, "2026-05-12")
    token = app.visits.new_signin_token(v)
    assert len(token) == 16 and set(token) <= set(ALPHABET)
    assert app.signin.open(v) == token
    for typed in (token, token.lower(), token.title()):
        assert app.signin.resolve(typed).id == v
    with pytest.raises(DomainError):
        app.signin.resolve(token[:-1])


def test_text_cleaning_keeps_chinese_punctuation_and_folds_full_width_letters() -> None:
    assert rules.clean_text("（东校区），ＡＢＣ１２３　ｘ") == "（东校区），ABC123 x"
    assert rules.clean_text("重视，校长；说：“好！”") == "重视，校长；说：“好！”"
    assert rules.notes("notes", "第一行（东校区），\n第二行") == "第一行（东校区），\n第二行"
    assert rules.phone("phone", "（０５３７）２２２２３３３") == "(0537)2222333"
