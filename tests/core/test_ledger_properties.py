"""Property: for any sequence of movements, stock = loads − distributions + returns ± adjustments,
and never silently drops below zero (a refused outflow stores nothing; an override is recorded)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caravan_app.domain.errors import StockWarning
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.helpers.props import examples

ops = st.lists(
    st.tuples(
        st.sampled_from(["load", "distribute", "return", "adjust", "unload"]),
        st.integers(min_value=1, max_value=60),
        st.booleans(),  # adjust sign / override confirmation
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seq=ops)
def test_stock_is_the_sum_of_movements_and_never_silently_negative(tmp_path_factory, seq) -> None:  # type: ignore[no-untyped-def]
    app = App.open(fresh_data_dir(Path(tmp_path_factory.mktemp("ledger"))))
    try:
        c = app.catalog.add_caravan("1号车")
        t = app.catalog.add_title("身边的科学")
        s = app.sites.add(name="某小学", county="任城区")
        v = app.visits.add(s, c, "2026-11-01")
        app.visits.arrive(v)  # hand-outs need a started visit
        expected = 0
        overrides = 0
        for kind, n, flag in seq:
            before = app.stock.balance(c, t)
            try:
                if kind == "load":
                    app.stock.load(c, t, n)
                    expected += n
                elif kind == "return":
                    app.stock.return_(c, t, n)
                    expected += n
                elif kind == "distribute":
                    app.stock.distribute(c, t, n, v, "一班", override=flag)
                    expected -= n
                    overrides += int(before - n < 0)
                elif kind == "unload":
                    app.stock.unload(c, t, n, override=flag)
                    expected -= n
                    overrides += int(before - n < 0)
                else:
                    d = n if flag else -n
                    app.stock.adjust(c, t, d, "盘点", override=True)
                    expected += d
                    overrides += int(d < 0 and before + d < 0)
            except StockWarning:
                assert not flag and before - n < 0  # refused only when it would go below zero unconfirmed
                assert app.stock.balance(c, t) == before  # and nothing was stored
            assert app.stock.balance(c, t) == expected
        recorded = sum(1 for mv in app.stock.movements(c) if mv.override)
        assert recorded == overrides
        assert app.maintenance.check().ok
    finally:
        app.close()
