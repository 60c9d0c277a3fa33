"""The office changes the planner's proposal before applying it (another van or day, or a row
left out), and keeps the calendar of closed days — on the console page and on the command line,
over a real hub database."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import httpx
import pytest

from caravan_app.console.auth import add_user
from caravan_app.domain.ids import new_id
from caravan_app.server import orders as od
from caravan_app.server.authoring import author
from caravan_app.server.db import HubDB, upgrade
from tests.helpers.cli import CliResult, run_server_cli

PASSWORD = "correct horse battery staple"


def _weekday(after: dt.date, n: int) -> dt.date:
    """The ``n``-th weekday after ``after`` (the planner does not visit on weekends)."""
    d = after
    while n:
        d += dt.timedelta(days=1)
        n -= d.weekday() < 5
    return d


def _season(hdb: HubDB) -> tuple[list[od.Order], dict[str, str], dt.date]:
    vans = {}
    for name in ("1号车", "2号车"):
        vans[name] = new_id()
        author(hdb, "caravan", vans[name], {"name": name, "home_county": "任城区"})
    start = _weekday(dt.date.today(), 3)
    made = []
    for name in ("唐口中心小学", "接庄中学", "南张小学"):
        made.append(
            od.add_order(
                hdb,
                od.OrderInput(name, "任城区", "王老师", start.isoformat(), (start + dt.timedelta(days=21)).isoformat()),
            )
        )
    return made, vans, start


def _login(client: httpx.Client, hdb: HubDB, name: str, role: str) -> str:
    add_user(hdb, name, role, PASSWORD)
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"username": name, "password": PASSWORD, "csrf": csrf})
    plan = client.get("/orders/plan")
    assert plan.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', plan.text).group(1)  # type: ignore[union-attr]


def _form(page: str) -> dict[str, str]:
    """What the plan form sends as shown: every row's date, van and nothing left out."""
    form = page.split('action="/orders/plan"')[1].split("</form>")[0]
    out = dict(re.findall(r'name="(csrf|date_[^"]+)" value="([^"]*)"', form))
    for name, body in re.findall(r'<select name="(caravan_[^"]+)"[^>]*>(.*?)</select>', form):
        out[name] = re.search(r'value="([^"]+)" selected', body).group(1)  # type: ignore[union-attr]
    return out


def test_the_office_changes_rows_of_the_proposal_and_applies_them(console_hub) -> None:  # noqa: ANN001
    client, hdb = console_hub
    (a, b, c), vans, start = _season(hdb)
    _login(client, hdb, "olga", "office")
    form = _form(client.get("/orders/plan").text)
    assert {f"date_{o.number}" for o in (a, b, c)} <= set(form)
    day = _weekday(start, 4)
    sent = dict(form)
    sent[f"caravan_{a.number}"], sent[f"date_{a.number}"] = vans["2号车"], day.isoformat()
    sent[f"skip_{b.number}"] = "1"
    r = client.post("/orders/plan", data=sent, follow_redirects=False)
    assert r.status_code == 303
    got = {o.number: o for o in od.list_orders(hdb)}
    assert (got[a.number].state, got[a.number].caravan, got[a.number].date) == ("planned", "2号车", day.isoformat())
    assert got[b.number].state == "open" and got[c.number].state == "planned"
    assert got[c.number].date == form[f"date_{c.number}"]  # an untouched row is applied as proposed
    # Re-planning keeps the office's row where it set it.
    again = {v.number: v for v in od.propose(hdb).visits}
    assert (again[a.number].caravan, again[a.number].date, again[a.number].change) == (
        "2号车",
        day.isoformat(),
        "kept",
    )
    # Leaving out a planned row keeps its plan: its van and day are still taken.
    form = _form(client.get("/orders/plan").text)
    clash = {f"skip_{a.number}": "1", f"caravan_{c.number}": vans["2号车"], f"date_{c.number}": day.isoformat()}
    r = client.post("/orders/plan", data={**form, **clash}, follow_redirects=False)
    assert r.status_code == 422 and "每车每天只能一场" in r.text and a.number in r.text
    assert od.get_order(hdb, a.number).date == day.isoformat()


def test_a_changed_row_is_checked_and_the_field_named(console_hub) -> None:  # noqa: ANN001
    client, hdb = console_hub
    (a, b, _c), vans, start = _season(hdb)
    csrf = _login(client, hdb, "olga", "office")
    form = _form(client.get("/orders/plan").text)
    late = _weekday(start, 40).isoformat()

    def send(**changes: str) -> httpx.Response:
        return client.post("/orders/plan", data={**form, **changes}, follow_redirects=False)

    r = send(**{f"date_{a.number}": late})
    assert r.status_code == 422 and "不在学校希望的" in r.text and a.number in r.text
    assert re.search(rf'name="date_{a.number}" value="{late}"[^>]*aria-invalid="true"', r.text)
    assert {o.state for o in od.list_orders(hdb)} == {"open"}  # nothing applied
    # Two visits for one van on one day.
    day = _weekday(start, 2).isoformat()
    both = {f"date_{a.number}": day, f"date_{b.number}": day}
    both |= {f"caravan_{a.number}": vans["1号车"], f"caravan_{b.number}": vans["1号车"]}
    r = send(**both)
    assert r.status_code == 422 and "每车每天只能一场" in r.text
    # A closed day, closed on the same page.
    shut = client.post(
        "/orders/closed", data={"csrf": csrf, "first": day, "last": day, "note": "期中考试"}, follow_redirects=False
    )
    assert shut.status_code == 303
    page = client.get("/orders/plan").text
    assert "期中考试" in page and day in page.split('id="calendar"')[1]
    form = _form(page)
    r = send(**{f"date_{a.number}": day})
    assert r.status_code == 422 and "关闭日" in r.text and "期中考试" in r.text
    # Outside the window on purpose, and it stands on the next proposal.
    r = send(**{f"date_{a.number}": late, "force": "1"})
    assert r.status_code == 303 and od.get_order(hdb, a.number).date == late
    assert {v.number: v.date for v in od.propose(hdb).visits}[a.number] == late
    # Open the day again from the page.
    opened = client.post("/orders/closed/remove", data={"csrf": csrf, "first": day}, follow_redirects=False)
    assert opened.status_code == 303 and od.closed_days(hdb) == []


def test_the_auditor_sees_the_plan_and_the_calendar_but_changes_neither(console_hub) -> None:  # noqa: ANN001
    client, hdb = console_hub
    _season(hdb)
    day = _weekday(dt.date.today(), 50).isoformat()
    od.close_days(hdb, day, day, note="寒假")
    csrf = _login(client, hdb, "audrey", "auditor")
    page = client.get("/orders/plan").text
    assert "寒假" in page and day in page
    assert 'type="date" name="date_' not in page and 'action="/orders/closed"' not in page
    for path in ("/orders/closed", "/orders/closed/remove", "/orders/plan"):
        r = client.post(path, data={"csrf": csrf, "first": day}, follow_redirects=False)
        assert r.status_code == 403
    assert len(od.closed_days(hdb)) == 1


def _cli(url: str, *args: str, ok: bool = True) -> CliResult:
    out = run_server_cli("--db", url, "order", *args)  # in-process: the answers are under test
    assert (out.returncode == 0) == ok, out.stderr + out.stdout
    return out


def test_the_cli_changes_the_plan_and_keeps_the_calendar(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(url)
    hdb = HubDB(url)
    try:
        (a, b, c), _vans, start = _season(hdb)
        day = _weekday(start, 5).isoformat()
        shut = json.loads(_cli(url, "close", day, day, "--caravan", "1号车", "--note", "年检", "--json").stdout)
        assert shut == {"closed": 1}
        listed = json.loads(_cli(url, "closed", "list", "--json").stdout)
        assert [(d["day"], d["caravan"], d["note"]) for d in listed] == [(day, "1号车", "年检")]
        bad = _cli(url, "plan", "--apply", "--set", f"{a.number}=1号车@{day}", "--json", ok=False)
        assert "不出车" in bad.stderr + bad.stdout and od.list_orders(hdb, "planned") == []
        bad = _cli(url, "plan", "--set", f"{a.number}:2号车", ok=False)
        assert "编号=车辆@日期" in bad.stderr + bad.stdout
        done = json.loads(
            _cli(url, "plan", "--apply", "--set", f"{a.number}=2号车@{day}", "--skip", b.number, "--json").stdout
        )
        assert sorted(done["applied"]) == sorted([a.number, c.number])
        row = next(v for v in done["visits"] if v["number"] == a.number)
        assert (row["caravan"], row["date"]) == ("2号车", day)
        assert od.get_order(hdb, b.number).state == "open"
        again = json.loads(_cli(url, "plan", "--json").stdout)
        assert next(v for v in again["visits"] if v["number"] == a.number)["change"] == "kept"
        gone = json.loads(_cli(url, "closed", "remove", day, day, "--caravan", "1号车", "--json").stdout)
        assert gone == {"removed": 1} and json.loads(_cli(url, "closed", "list", "--json").stdout) == []
        assert "没有关闭日" in _cli(url, "closed", "list").stdout
    finally:
        hdb.close()


@pytest.fixture
def hub(console_hub):  # noqa: ANN001, ANN201
    return console_hub
