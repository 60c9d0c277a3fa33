"""The site registry (issue #16): per site the last visit and this year's visits, attendees and
books; per town the coverage and the schools not visited; the CLI faces; duplicates on manual
add and the candidates of an ambiguous name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.core.test_import_updates import cli, cli_json


def _visit(app: App, site: str, caravan: str, title: str, day: dt.date, people: int, books: int) -> str:
    v = app.visits.add(site, caravan, day, theme="科技进校园")
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", people)
    if books:
        app.stock.distribute(caravan, title, books, v, "学校")
    app.visits.complete(v)
    return v


def _registry_data(app: App) -> dict[str, str]:
    today = dt.date.today()
    c = app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    app.catalog.set_this_device("测试笔记本", c)
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 500)
    a = app.sites.add(name="王庙中心小学", county="鱼台县", town="王庙镇", kind="小学")
    b = app.sites.add(name="王庙中学", county="鱼台县", town="王庙镇", kind="初中")
    z = app.sites.add(name="张黄中学", county="鱼台县", town="张黄镇", kind="初中")
    _visit(app, a, c, t, today, 120, 30)
    _visit(app, a, c, t, today, 80, 20)
    leaflet = app.catalog.add_title("防溺水宣传单", unit="份")
    app.stock.load(c, leaflet, 100)
    _visit(app, a, c, leaflet, today, 1, 7)  # 7 份: never added into the 50 册
    # Last year's visit counts as the last visit of 王庙中学 but not for this year.
    v = app.visits.add(b, c, dt.date(today.year - 1, 11, 5), theme="科技进校园")
    with app.sites.unit() as u:  # a visit of last year, completed then (status only, no tallies)
        u.update("visit", v, {"status": "completed"})
    planned = app.visits.add(z, c, today + dt.timedelta(days=3))  # planned, not a visit yet
    return {"caravan": c, "title": t, "a": a, "b": b, "z": z, "planned": planned}


def test_registry_counts_this_years_visits_people_and_books(app: App) -> None:
    ids = _registry_data(app)
    reg = {r.id: r for r in app.sites.registry()}
    today = dt.date.today().isoformat()
    assert reg[ids["a"]].last_visit == today
    assert (reg[ids["a"]].visits_year, reg[ids["a"]].attendees_year, reg[ids["a"]].books_year) == (3, 201, 50)
    assert reg[ids["a"]].handed_out_year == {"册": 50, "份": 7}
    assert reg[ids["b"]].visits_year == 0 and reg[ids["b"]].visits_total == 1
    assert reg[ids["b"]].last_visit.startswith(str(dt.date.today().year - 1))
    assert reg[ids["z"]].last_visit is None and reg[ids["z"]].visits_total == 0  # planned only

    since = f"{dt.date.today().year}-01-01"
    assert {r.name for r in app.sites.not_visited_since(since)} == {"王庙中学", "张黄中学"}

    towns = {t.town: t for t in app.sites.town_coverage()}
    assert towns["王庙镇"].sites == 2 and towns["王庙镇"].visited == 1
    assert towns["王庙镇"].not_visited == ("王庙中学",) and towns["王庙镇"].coverage == 0.5
    assert towns["张黄镇"].visited == 0 and towns["张黄镇"].not_visited == ("张黄中学",)


def test_cli_site_show_and_not_visited_since(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    data = fresh_data_dir(tmp_path / "data")
    app = App.open(data)
    try:
        ids = _registry_data(app)
    finally:
        app.close()
    shown = cli_json(capsys, data, "site", "show", "王庙中心小学")
    assert shown["id"] == ids["a"] and shown["visits_year"] == 3 and shown["attendees_year"] == 201
    assert shown["books_year"] == 50 and shown["handed_out_year"] == {"册": 50, "份": 7}
    text = cli(capsys, data, "site", "show", ids["a"][:13])[1]
    assert "本年活动 visits this year: 3" in text and "人次 attendees: 201" in text and "handed out: 50册、7份" in text
    since = f"{dt.date.today().year}-01-01"
    rows = cli_json(capsys, data, "site", "list", "--not-visited-since", since)
    assert {r["name"] for r in rows} == {"王庙中学", "张黄中学"}
    assert "未到访 2 个站点" in cli(capsys, data, "site", "list", "--not-visited-since", since)[1]
    assert len(cli_json(capsys, data, "site", "list")) == 3  # the plain list still works
    towns = cli(capsys, data, "site", "towns", "--county", "鱼台")[1]
    assert "王庙镇: 到访 1/2" in towns and "张黄中学" in towns and "鱼台县张黄镇" in towns


SITE_KEYS = ["id", "name", "kind", "county", "town", "address", "contact", "phone", "students", "notes"]
REGISTRY_KEYS = ["last_visit", "visits_total", "visits_year", "attendees_year", "books_year", "handed_out_year"]


def test_cli_json_of_sites_keeps_its_keys_and_order(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """Scripts read ``--json``: the records behind it must not rename, drop or reorder a key."""
    data = fresh_data_dir(tmp_path / "data")
    app = App.open(data)
    try:
        ids = _registry_data(app)
    finally:
        app.close()
    shown = cli_json(capsys, data, "site", "show", ids["a"])
    assert list(shown) == [*SITE_KEYS, *REGISTRY_KEYS, "ratings"]
    assert all(list(r) == SITE_KEYS for r in cli_json(capsys, data, "site", "list"))
    since = f"{dt.date.today().year}-01-01"
    stale = cli_json(capsys, data, "site", "list", "--not-visited-since", since)
    assert stale and all(list(r) == ["id", "name", "kind", "county", "town", "students", *REGISTRY_KEYS] for r in stale)
    towns = {t["town"]: t for t in cli_json(capsys, data, "site", "towns")}
    assert list(towns["王庙镇"]) == ["county", "town", "sites", "visited", "not_visited", "coverage"]
    assert towns["王庙镇"]["not_visited"] == ["王庙中学"] and towns["王庙镇"]["coverage"] == 0.5
    edited = cli_json(capsys, data, "site", "edit", ids["a"], "--contact", "孙老师")
    assert edited["changed"] == {"contact": "孙老师"} and list(edited["record"]) == SITE_KEYS
    assert edited["record"]["contact"] == "孙老师"
    again = cli_json(capsys, data, "site", "edit", ids["a"], "--contact", "孙老师")
    assert again["changed"] == {}  # nothing changed: said so, not an error


def test_manual_add_warns_of_a_duplicate_and_ambiguous_names_list_candidates(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    data = fresh_data_dir(tmp_path / "data")
    first = cli_json(capsys, data, "site", "add", "实验小学", "--county", "汶上县", "--town", "中都街道")
    assert "警告" not in cli(capsys, data, "site", "add", "实验小学", "--county", "泗水")[2]  # other county
    _rc, _out, warned = cli(capsys, data, "site", "add", "实验小学", "--county", "汶上")  # same name + county
    assert "已有同名站点" in warned and first["id"] in warned
    rc, _out, bad = cli(capsys, data, "site", "show", "实验小学", ok=False)
    assert rc == 1 and "matches several" in bad
    listed = [line for line in bad.splitlines() if line.startswith("  ")]
    assert len(listed) == 3 and any(first["id"] in line and "中都街道" in line for line in listed)
    assert any("泗水县" in line for line in listed)


def test_duplicates_of_matches_name_and_county_as_written(app: App) -> None:
    sid = app.sites.add(name="纸坊中学", county="嘉祥县")
    assert [s.id for s in app.sites.duplicates_of(" 纸坊中学 ", "嘉祥")] == [sid]
    assert app.sites.duplicates_of("纸坊中学", "金乡县") == []
    assert app.sites.duplicates_of("纸坊中学", "济宁") == []  # an ambiguous county matches nothing
