"""Issue #14 on one laptop: collection by group, the notice, the retention purge (every figure
and every printed verification code stays valid, no name left in the database file or its WAL),
a person's requests (find, export, correct, delete) with their log, and the CLI faces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caravan_app.domain.errors import DomainError
from caravan_app.domain.privacy import DEFAULT_NOTICE
from caravan_app.paths import database_path
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.helpers.cli import CliResult, caravan

ROOT = Path(__file__).resolve().parents[2]
PUPIL, TEACHER, VOLUNTEER = "张小明", "李老师", "王志愿"
PHONE = "13912345678"


def db_bytes(app: App) -> bytes:
    """The database file and its WAL, as they lie on the disk."""
    p = Path(app.db.path)
    out = b""
    for f in (p, p.with_name(p.name + "-wal")):
        if f.exists():
            out += f.read_bytes()
    return out


def fill(app: App, visit: str) -> None:
    app.visits.arrive(visit)
    app.attendance.tally(visit, "primary", 120)
    app.attendance.tally(visit, "teacher", 6)
    app.attendance.signin(visit, PUPIL, "student", "三年级二班", "13800001111")
    app.attendance.signin(visit, TEACHER, "teacher", "鱼台一中", PHONE)
    app.attendance.signin(visit, "赵村民", "villager", "某某村", None)
    app.attendance.signin(visit, VOLUNTEER, "volunteer", "青少年科普服务队", "13700002222")


def test_a_pupil_gives_a_class_and_no_phone(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    r = app.attendance.signin(v, "", "primary", "三年级二班", "13800138000")
    row = app.attendance.signins_by_ids([r.id])[0]
    assert row.phone is None and row.name == "" and row.organisation == "三年级二班"
    # Two nameless pupils of one class are two people, not one.
    app.attendance.signin(v, None, "primary", "三年级二班")
    assert app.attendance.signin_count(v) == 2
    with pytest.raises(DomainError) as e:
        app.attendance.signin(v, "", "junior", "")
    assert e.value.field == "organisation"
    with pytest.raises(DomainError) as e:
        app.attendance.signin(v, "", "teacher", "鱼台一中")
    assert e.value.field == "name"
    # A teacher is asked as before.
    t = app.attendance.signin(v, TEACHER, "teacher", "鱼台一中", PHONE)
    assert app.attendance.signins_by_ids([t.id])[0].phone == PHONE
    assert not app.attendance.collection("primary").ask_phone
    assert app.attendance.collection("teacher").ask_phone


def test_guardian_consent_mode_asks_pupils_as_before(app: App, field: dict[str, str]) -> None:
    app.privacy.configure(guardian_consent=True)
    app.attendance._collect_cache = None  # the setting is read again within seconds anyway
    r = app.attendance.signin(field["visit"], PUPIL, "primary", "三年级二班", "13800138000")
    assert app.attendance.signins_by_ids([r.id])[0].phone == "13800138000"
    with pytest.raises(DomainError):
        app.attendance.signin(field["visit"], "", "primary", "三年级二班")


def test_notice_has_a_chinese_default_and_can_be_set(app: App) -> None:
    assert app.privacy.notice() == DEFAULT_NOTICE and "删除" in DEFAULT_NOTICE and "联系" in DEFAULT_NOTICE
    app.privacy.set_notice("由某某学校与科协收集，30 天后删除，联系电话 0537-1234567。")
    assert "30 天" in app.privacy.notice()
    app.privacy.set_notice("")
    assert app.privacy.notice() == DEFAULT_NOTICE


def test_the_default_notice_says_the_retention_and_telephone_this_laptop_really_has(app: App) -> None:
    assert "90 天" in app.privacy.notice() and "0537-0000000" not in app.privacy.notice()
    assert "电话" not in app.privacy.notice(), "no placeholder number before one is set"
    app.privacy.configure(retention_days=30)
    assert "30 天内删除" in app.privacy.notice() and "90" not in app.privacy.notice()
    app.settings.set_issuer(name="济宁市科学技术协会", phone="0537-2345678")
    assert "请联系济宁市科学技术协会（电话：0537-2345678）" in app.privacy.notice()
    app.privacy.configure(retention_days=0)
    assert "活动结束当天删除" in app.privacy.notice()
    app.privacy.set_notice("学校自己的告知，60 天后删除。")
    assert app.privacy.notice() == "学校自己的告知，60 天后删除。", "a notice someone wrote is kept as written"


def test_purge_keeps_every_figure_and_code_and_leaves_no_name_on_disk(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    fill(app, v)
    code = app.reports.figures(v).payload()
    totals, count = app.attendance.totals(v), app.attendance.signin_count(v)
    import datetime as dt

    today = dt.date.today().isoformat()

    def figures() -> tuple[object, ...]:
        rep = app.reports.visit_data(v)
        day = app.reports.day_data(today)
        period = app.reports.period_data(today, today)
        return (
            rep.attendance,
            len(rep.signins),
            rep.code,
            rep.report_no,
            repr(day.sections),
            period.totals,
            period.by_group,
            period.by_county,
            period.paragraph,
        )

    before = figures()
    listed = len(app.attendance.signins(v))
    assert PUPIL.encode() in db_bytes(app) and PHONE.encode() in db_bytes(app)

    assert app.privacy.purge(days=30)["visits"] == 0  # today's visit is not 30 days old
    assert app.privacy.find(PUPIL)

    r = app.privacy.purge(days=0)
    assert r == {"visits": 1, "signins": 3, "days": 0}
    assert app.reports.verify(code).matches, "a printed code must still verify after the purge"
    assert app.reports.figures(v).payload() == code
    assert figures() == before, "visit, day and period figures are the same after the purge"
    assert app.attendance.totals(v) == totals and app.attendance.signin_count(v) == count
    assert len(app.attendance.signins(v)) == listed
    assert app.attendance.possible_duplicates(v) == set()
    left = {r.name for r in app.attendance.signins(v)}
    assert left == {"", VOLUNTEER}, "crew and volunteer records are kept"
    raw = db_bytes(app)
    for secret in (PUPIL, TEACHER, "赵村民", PHONE, "13800001111", "三年级二班", "某某村"):
        assert secret.encode() not in raw, f"{secret} still in the database file or its WAL"
    assert VOLUNTEER.encode() in raw
    assert app.maintenance.check().ok, app.maintenance.check().problems
    assert app.privacy.purge(days=0) == {"visits": 0, "signins": 0, "days": 0}  # nothing written again
    assert [e.action for e in app.privacy.log_entries()][:2] == ["purge", "purge"]


def test_a_persons_requests_find_export_correct_delete(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    fill(app, v)
    count = app.attendance.signin_count(v)
    found = app.privacy.find(PHONE)
    assert [r.name for r in found] == [TEACHER]
    exported = json.loads(app.privacy.export(TEACHER))
    assert exported["records"][0]["phone"] == PHONE
    assert "鱼台一中" in app.privacy.export(TEACHER, "csv")

    assert app.privacy.correct("李老师", "李老帅") == 1
    assert [r.name for r in app.privacy.find("李老帅")] == ["李老帅"]
    assert app.attendance.signin_count(v) == count
    # The same person signing in again is still one person (the key survived the correction).
    again = app.attendance.signin(v, "李老帅", "teacher", "鱼台一中", PHONE)
    assert again.duplicate or app.attendance.signin_count(v) == count + 1

    assert app.privacy.delete(PUPIL, reason="家长来电要求删除") == 1
    assert app.privacy.find(PUPIL) == []
    assert app.attendance.signin_count(v) >= count
    assert PUPIL.encode() not in db_bytes(app)
    with pytest.raises(DomainError):
        app.privacy.delete("没有这个人")
    log = app.privacy.log_entries()
    assert {"find", "export", "correct", "delete"} <= {e.action for e in log}
    assert PUPIL not in json.dumps([e.to_dict() for e in log], ensure_ascii=False), "the log never names the person"


def test_sign_ins_stay_append_only_outside_a_privacy_action(app: App, field: dict[str, str]) -> None:
    from sqlalchemy import text

    r = app.attendance.signin(field["visit"], TEACHER, "teacher", "鱼台一中", PHONE)
    with pytest.raises(Exception, match="append-only"), app.db.write() as s:
        s.execute(text("UPDATE signins SET name = 'x' WHERE id = :i"), {"i": r.id})
    with pytest.raises(Exception, match="append-only"), app.db.write() as s:
        s.execute(text("INSERT OR REPLACE INTO meta(key, value) VALUES ('privacy_apply', '1')"))
        s.execute(text("UPDATE signins SET \"group\" = 'other' WHERE id = :i"), {"i": r.id})


def run(data: Path, *args: str) -> CliResult:
    return caravan(data, *args)  # in-process (tests/helpers/cli.py): the output is under test


@pytest.mark.slow
def test_cli_notice_settings_purge(tmp_path: Path) -> None:
    data = fresh_data_dir(tmp_path / "data")
    run(data, "privacy", "notice", "--set", "科协收集，90 天后删除。")
    assert "90 天后删除" in run(data, "privacy", "notice").stdout
    st = json.loads(run(data, "--json", "privacy", "settings", "--days", "30", "--phones-to-hub", "off").stdout)
    assert st["retention_days"] == 30 and st["send_phones_to_hub"] is False
    assert json.loads(run(data, "--json", "privacy", "purge").stdout)["visits"] == 0
    assert Path(database_path(data)).exists()
    # A person's requests from the CLI, over data a laptop recorded.
    import datetime as dt

    app = App.open(data)
    c = app.catalog.add_caravan("1号车")
    app.catalog.set_this_device("笔记本", c)
    v = app.visits.add(app.sites.add(name="某小学", county="鱼台县"), c, dt.date.today())
    fill(app, v)
    app.close()
    found = json.loads(run(data, "--json", "privacy", "find", PHONE).stdout)
    assert [r["name"] for r in found] == [TEACHER]
    # the keys a script reading `privacy find --json` relies on, in their order
    keys = ["id", "visit_id", "date", "name", "group", "organisation", "phone", "method", "person_id", "at"]
    assert list(found[0]) == keys and found[0]["phone"] == PHONE and found[0]["group"] == "teacher"
    out = tmp_path / "teacher.csv"
    run(data, "privacy", "export", TEACHER, "--format", "csv", "--out", str(out))
    assert PHONE in out.read_text("utf-8-sig")
    assert json.loads(run(data, "--json", "privacy", "correct", TEACHER, "--name", "李老帅").stdout)["corrected"] == 1
    assert json.loads(run(data, "--json", "privacy", "delete", "李老帅", "--reason", "本人要求").stdout)["deleted"] == 1
    assert json.loads(run(data, "--json", "privacy", "find", PHONE).stdout) == []
    log = json.loads(run(data, "--json", "privacy", "log").stdout)
    assert {"find", "export", "correct", "delete", "settings"} <= {e["action"] for e in log}


def test_the_app_purges_by_itself_once_a_day(app: App, field: dict[str, str]) -> None:
    fill(app, field["visit"])
    app.privacy.configure(retention_days=0)
    assert app.privacy.purge_if_due() == {"visits": 1, "signins": 3, "days": 0}
    assert app.privacy.purge_if_due() is None  # once a day
    assert app.privacy.find(PUPIL) == []


@pytest.mark.gui
def test_settings_page_edits_the_notice_and_consent(app: App, qtbot) -> None:  # noqa: ANN001
    from caravan_app.ui.pages.settings_page import SettingsPage
    from caravan_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    page = SettingsPage(app, runner)
    qtbot.addWidget(page)
    assert page.notice.toPlainText() == DEFAULT_NOTICE
    page.notice.setPlainText("学校与科协收集，60 天后删除。")
    page.consent.setChecked(True)
    page.save_privacy_button.click()
    assert app.privacy.notice() == "学校与科协收集，60 天后删除。"
    assert app.privacy.settings().guardian_consent is True
    runner.wait()


@pytest.mark.gui
def test_the_shell_runs_the_purge_off_the_ui_thread(app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    from caravan_app.ui.shell_services import ShellServices
    from caravan_app.ui.tasks import TaskRunner

    fill(app, field["visit"])
    app.privacy.configure(retention_days=0)
    runner = TaskRunner()
    shell = ShellServices(app, runner, watch_db=False)
    assert shell.purge_personal_data() is not None
    qtbot.waitUntil(lambda: not app.privacy.find(PUPIL), timeout=10_000)
    runner.wait()
    shell.shutdown()


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keys in a file of this test (never the real keyring of the machine)."""
    from caravan_app.storage import cipher

    f = tmp_path / "config" / "db_keys.json"
    monkeypatch.setenv("CARAVAN_DB_KEY_STORE", "file")
    monkeypatch.setenv("CARAVAN_DB_KEY_FILE", str(f))
    monkeypatch.setattr(cipher, "_keys", {})
    return f


def test_with_encryption_on_no_name_or_phone_is_in_the_file_its_wal_or_a_backup(
    app: App, field: dict[str, str], key_file: Path
) -> None:
    pytest.importorskip("sqlcipher3")
    v = field["visit"]
    fill(app, v)  # written before encryption: the existing database is migrated
    app.maintenance.backup()
    before = app.attendance.signin_count(v)
    r = app.privacy.encrypt()
    assert r["database"] == 1 and r["backups"] >= 1 and app.privacy.encrypted()
    # The app goes on working on the encrypted file.
    app.attendance.signin(v, "孙老师", "teacher", "鱼台二中", "13511112222")
    assert app.attendance.signin_count(v) == before + 1
    assert [x.name for x in app.privacy.find("孙老师")] == ["孙老师"]
    backup = app.maintenance.backup()
    assert app.maintenance.check().ok, app.maintenance.check().problems
    files = [Path(app.db.path), Path(str(app.db.path) + "-wal"), *Path(app.data_dir, "backups").glob("*.db")]
    assert Path(backup) in files or Path(backup).exists()
    files.append(Path(backup))
    for f in files:
        if not f.exists():
            continue
        raw = f.read_bytes()
        for secret in (PUPIL, TEACHER, PHONE, "孙老师", "13511112222", "三年级二班"):
            assert secret.encode() not in raw, f"{secret} readable in {f.name}"
    from caravan_app.storage import backup as bk

    assert bk.verify(Path(backup)) == "ok" and bk.device_of(Path(backup)) == app.db.device_id  # restorable here
    assert key_file.exists() and str(Path(app.data_dir).resolve().as_posix()) in key_file.read_text()
    # Opened again (a new start), with the key from the store.
    from caravan_app.storage import cipher

    cipher._keys.clear()
    again = App.open(app.data_dir)
    try:
        assert again.attendance.signin_count(v) == before + 1
        # An encrypted backup restores on this laptop (same key), and the result is encrypted.
        again.maintenance.restore(backup)
    finally:
        again.close()
    restored = App.open(app.data_dir)
    try:
        assert restored.privacy.encrypted() and restored.attendance.signin_count(v) == before + 1
    finally:
        restored.close()
