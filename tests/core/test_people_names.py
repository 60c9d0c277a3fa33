"""A person's name must hold a letter or a Chinese character: "11111" (what a counting key or a
scanner's digits leave in a name box) is refused for crew and volunteers as for sign-ins, by the
one rule (domain/rules.person_name) every face goes through — here the CLI, real processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import fresh_data_dir
from tests.helpers.cli import caravan as run
from tests.helpers.cli import caravan_json as js

pytestmark = pytest.mark.slow


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return fresh_data_dir(tmp_path / "data")


def test_digits_only_names_are_refused_for_crew_and_volunteers(data: Path) -> None:
    for role in ("crew", "volunteer"):
        proc = run(data, "--json", "person", "add", "11111", "--role", role, ok=False)
        err = json.loads(proc.stdout)["error"]
        assert proc.returncode == 1 and err["field"] == "name"
        assert "不能只有数字" in err["zh"] and "only digits" in err["en"]
    proc = run(data, "person", "add", "１２３-45", "--role", "crew", ok=False)  # full-width and a dash
    assert "[name]" in proc.stderr and "不能只有数字" in proc.stderr
    assert js(data, "person", "list") == []  # nothing half-written
    pid = js(data, "person", "add", "王志愿", "--role", "volunteer")["id"]
    proc = run(data, "--json", "person", "edit", pid, "--name", "22222", ok=False)
    assert json.loads(proc.stdout)["error"]["field"] == "name"
    assert [p["name"] for p in js(data, "person", "list")] == ["王志愿"]
    assert (
        js(data, "person", "edit", pid, "--name", "王志愿2")["record"]["name"] == "王志愿2"
    )  # digits with a name are fine


def test_the_first_run_crew_list_refuses_digits_before_anything_is_written(tmp_path: Path) -> None:
    from caravan_app.domain.errors import ValidationError
    from caravan_app.services.app import App
    from caravan_app.services.first_run import FirstRunPlan, FirstRunService

    app = App.open(fresh_data_dir(tmp_path / "d"))
    try:
        svc = FirstRunService(app.catalog, app.sites)
        with pytest.raises(ValidationError) as exc:
            svc.apply(FirstRunPlan(device_name="笔记本", new_caravan="1号车", crew=["张师傅", "11111"]))
        assert exc.value.field == "name" and "不能只有数字" in exc.value.zh
        assert app.catalog.caravans() == [] and app.catalog.people() == []
    finally:
        app.close()


def test_a_zero_width_space_in_a_name_is_dropped_and_a_direction_override_refused(data: Path) -> None:
    """The cleaning every face shares (domain/rules.clean_text): a name pasted from WeChat with a
    zero-width space is the same person; U+202E (turns the name around on paper) is refused."""
    js(data, "van", "add", "1号车")
    run(data, "device", "setup", "--caravan", "1号车", "--name", "笔记本A")
    js(data, "site", "add", "西平中学", "--county", "微山县")
    vid = js(data, "visit", "add", "西平中学", "--date", "2026-11-20")["id"]
    run(data, "visit", "start", vid)
    first = js(data, "signin", "add", vid, "--name", "张\u200b三", "--org", "三年级二班")
    again = js(data, "signin", "add", vid, "--name", "张三", "--org", "三年级二班")
    assert first["duplicate"] is False and again["duplicate"] is True
    assert js(data, "person", "add", "李\ufeff四", "--role", "crew")["name"] == "李四"
    proc = run(data, "--json", "person", "add", "王\u202e五", "--role", "crew", ok=False)
    err = json.loads(proc.stdout)["error"]
    assert err["field"] == "name" and "控制字符" in err["zh"]
