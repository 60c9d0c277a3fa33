"""接单 and 评单 from the laptop's command line: ``caravan visit accept|decline``, ``visit show``
with its request, ``site show`` with the school's ratings, ``orders ratings`` and ``orders log``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from caravan_app.services.app import App
from caravan_app.storage.records import unit_of_work
from tests.conftest import fresh_data_dir
from tests.reports import pdfcheck

ROOT = Path(__file__).resolve().parents[2]


def _run(data: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CARAVAN_DATA_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (proc.returncode == 0) == ok, proc.stdout + proc.stderr
    return proc


def _laptop(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    data = fresh_data_dir(tmp_path / "lap")
    app = App.open(data)
    try:
        van = app.catalog.add_caravan("1号车", None, "任城区")
        app.catalog.set_this_device("笔记本", van)
        site = app.sites.add(name="唐口中心小学", county="任城区")
        planned = app.visits.add(site, van, app.clock.today(), theme="机器人")
        other = app.visits.add(site, van, app.clock.today(), theme="天文")
        with unit_of_work(app.db) as u:  # what a pull of the office's plan brings
            rid = u.insert(
                "request",
                {
                    "number": "2026-0003-ABCD",
                    "site_id": site,
                    "contact": "王老师",
                    "size": 90,
                    "topics": "机器人",
                    "earliest": "2026-01-01",
                    "latest": "2026-12-31",
                },
            )
            for v in (planned, other):
                u.update("visit", v, {"request_id": rid})
    finally:
        app.close()
    return data, {"site": site, "planned": planned, "other": other}


def test_the_crew_answers_and_the_schools_ratings_show_on_its_registry_page(tmp_path: Path) -> None:
    data, ids = _laptop(tmp_path)
    _run(data, "visit", "decline", ids["other"], ok=False)  # a decline needs a reason
    out = _run(data, "--json", "visit", "decline", ids["other"], "--reason", "车辆年检")
    assert json.loads(out.stdout)["answer"] == "declined"
    _run(data, "visit", "accept", ids["planned"])
    shown = _run(data, "visit", "show", ids["planned"]).stdout
    assert "2026-0003-ABCD" in shown and "王老师" in shown and "已接单" in shown
    _run(data, "visit", "start", ids["planned"])
    _run(data, "visit", "complete", ids["planned"])
    _run(data, "visit", "accept", ids["planned"], ok=False)  # only a planned visit is answered
    app = App.open(data)
    try:
        app.orders.rate(ids["planned"], 2, "时间太短")
    finally:
        app.close()
    site = json.loads(_run(data, "--json", "site", "show", ids["site"]).stdout)
    assert site["ratings"]["rated"] == 1 and site["ratings"]["average"] == 2.0
    assert site["ratings"]["low"][0][2:] == [2, "时间太短"]
    assert "需回访" in _run(data, "site", "show", ids["site"]).stdout
    period = json.loads(_run(data, "--json", "orders", "ratings").stdout)
    assert (period["for_requests"], period["rated"]) == (2, 1)
    assert sorted(period["follow_up"]) == sorted([ids["planned"], ids["other"]])  # low rating; declined
    log = json.loads(_run(data, "--json", "orders", "log").stdout)
    assert {r["number"] for r in log} == {"2026-0003-ABCD"} and len(log) == 2
    # The period report says how many visits answered a request and how they were rated.
    app = App.open(data)
    try:
        today = app.clock.today().isoformat()
        pdf = tmp_path / "period.pdf"
        app.reports.period_files(today[:4] + "-01-01", today[:4] + "-12-31", pdf=pdf)
    finally:
        app.close()
    words = pdfcheck.flat(pdf)
    assert "点单与评价" in words and "完成点单服务1场；收到评价1份，平均2.0分" in words and "时间太短" in words
