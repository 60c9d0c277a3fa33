"""``caravan visit show`` prints where the school rates a completed visit: the laptop's own phone
page (``/r/<sign-in token>``) — the link the 签到 page shows as its rating QR."""

from __future__ import annotations

import json
from pathlib import Path

from caravan_app.services.app import App
from tests.orders.test_answer_and_ratings_cli import _laptop, _run


def test_visit_show_prints_the_rating_link_once_the_visit_is_done(tmp_path: Path) -> None:
    data, ids = _laptop(tmp_path)
    before = _run(data, "visit", "show", ids["planned"]).stdout
    assert "/r/" not in before and "评价链接" not in before
    _run(data, "visit", "start", ids["planned"])
    _run(data, "visit", "complete", ids["planned"])
    app = App.open(data)
    try:
        token = app.visits.get(ids["planned"]).signin_token
    finally:
        app.close()
    shown = _run(data, "visit", "show", ids["planned"]).stdout
    assert "评价链接" in shown and f"/r/{token}" in shown
    links = json.loads(_run(data, "--json", "visit", "show", ids["planned"]).stdout)["rating_links"]
    assert links["laptop"].startswith("http://") and links["laptop"].endswith(f":8080/r/{token}")
    assert "hub" not in links  # this laptop syncs with no hub: no hub link to print
