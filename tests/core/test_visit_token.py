"""A new visit's sign-in token is the unambiguous 16-character kind (domain.ids.signin_token),
like a renewed one: nothing on the poster to misread (0/O, 1/I/L)."""

from __future__ import annotations

from caravan_app.domain.ids import UNAMBIGUOUS
from caravan_app.services.app import App


def test_a_new_visit_gets_an_unambiguous_token(app: App) -> None:
    c = app.catalog.add_caravan("1号车")
    s = app.sites.add(name="西平中学", county="微山县")
    tokens = {app.visits.get(app.visits.add(s, c, app.clock.today())).signin_token for _ in range(5)}
    assert len(tokens) == 5
    for tok in tokens:
        assert len(tok) == 16 and set(tok) <= set(UNAMBIGUOUS)
        assert app.visits.by_token(tok) is not None
