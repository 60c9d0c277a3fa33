"""Shared fixtures: a fresh app on a real SQLite file in a temporary data directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CARAVAN_PEER_AUTO", "0")  # no peer sync between laptops of different tests
os.environ.setdefault("CARAVAN_CONSOLE_WARM", "0")  # most test hubs serve no page: no read model made at start
# Console passwords hashed with argon2's smallest parameters, in this process and the hub processes it
# starts (they inherit the environment); tests/console/test_auth.py checks production's are OWASP's.
os.environ.setdefault("CARAVAN_TEST_CHEAP_PASSWORD_HASH", "1")

pytest_plugins = ["tests.logfail", "tests.helpers.proccount"]

from hypothesis import settings as _hypothesis_settings  # noqa: E402

# A failing property prints ``@reproduce_failure`` so a CI failure replays locally; how many
# examples each property draws is its own ``examples(n, ci=…)`` (tests/helpers/props.py).
_hypothesis_settings.register_profile("caravan", print_blob=True)
_hypothesis_settings.load_profile("caravan")

from caravan_app.services.app import App  # noqa: E402
from tests.helpers import sslshare  # noqa: E402

sslshare.install()

_TEMPLATE: Path | None = None


def fresh_data_dir(target: Path) -> Path:
    """A data directory holding an already-migrated, empty database (copying a template is
    much faster than running the migrations for every test). Device ids still differ: they
    are created on first open."""
    global _TEMPLATE
    import shutil
    import tempfile

    from caravan_app.paths import database_path
    from caravan_app.storage.migrate import upgrade

    if _TEMPLATE is None or not _TEMPLATE.exists():
        _TEMPLATE = Path(tempfile.mkdtemp(prefix="caravan-template-")) / "caravan.db"
        upgrade(_TEMPLATE)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(_TEMPLATE, database_path(target))
    return target


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    a = App.open(fresh_data_dir(tmp_path / "data"))
    yield a
    a.close()


@pytest.fixture
def field(app: App) -> dict[str, str]:
    """A configured laptop with one van, one site, one title loaded and one visit planned today."""
    import datetime as dt

    c = app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    app.catalog.set_this_device("测试笔记本", c)
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县", kind="高中", students=3694)
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 100)
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园", activities="科普展示、讲座")
    p = app.catalog.add_person(name="王志愿", role="volunteer", team="青少年科普服务队", volunteer_no="SD2026001")
    return {"caravan": c, "site": s, "title": t, "visit": v, "person": p}


@pytest.fixture(autouse=True)
def _qt_language_restored(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test with a QApplication starts in Chinese (the app's default language) and leaves
    the language as it found it: a window or a language switch installs translators, and the
    next test on that worker must not inherit them (a test's texts must not depend on which test
    ran before it; CI once failed on exactly that)."""
    if "qapp" not in request.fixturenames:
        yield
        return
    from caravan_app.ui import i18n

    qapp = request.getfixturevalue("qapp")
    state = i18n.snapshot()
    i18n.install(i18n.CHINESE, qapp)
    yield
    i18n.restore(state, qapp)


def pytest_sessionstart(session: pytest.Session) -> None:
    """The translations are a build step (the app never compiles them): build them once per run
    when a catalogue is newer than its .qm, before any worker starts."""
    if hasattr(session.config, "workerinput"):
        return
    i18n = Path(__file__).resolve().parents[1] / "resources" / "i18n"
    stale = [
        ts
        for ts in i18n.glob("*.ts")
        if not ts.with_suffix(".qm").exists() or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime
    ]
    if stale:
        import runpy

        runpy.run_path(str(i18n.parents[1] / "scripts" / "build_translations.py"))["build"]()


# Modules whose hub only enrols the laptops and carries a sync whose hub side other modules test
# (test_hub_api, test_flow, test_sigkill and the hub's properties — test_property, _hostile,
# _corrections, _conflicts — run on PostgreSQL too): their subject is peer sync, TLS, a page, the
# laptop's clock or the laptop's file under kills, each laptop pushes only its own facts as there,
# and nothing they check varies with the hub's database, so the PostgreSQL stage does not run them
# again.
HUB_DB_INCIDENTAL = frozenset(
    {
        "tests/sync/test_peer_pairing.py",
        "tests/sync/test_peer_event.py",
        "tests/sync/test_peer_discovery.py",
        "tests/sync/test_peer_wire.py",
        "tests/sync/test_peer_processes.py",
        "tests/sync/test_property_peers.py",
        "tests/sync/test_tls.py",
        "tests/sync/test_sync_page.py",
        "tests/sync/test_clock_moved.py",
        "tests/sync/test_writer_beside_others.py",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``hubdb``: the test uses a hub's database (a hub process over it), so scripts/pg_suite.sh
    runs it again on PostgreSQL; everything else has nothing of the hub's database to vary.
    (``hub_process``: tests/sync/conftest.py; ``hub_app``: the in-process hub, tests/helpers/hub.py;
    modules in ``HUB_DB_INCIDENTAL`` excepted.)"""
    for item in items:
        if item.nodeid.split("::", 1)[0] in HUB_DB_INCIDENTAL:
            continue
        if {"hub_process", "hub_app"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.hubdb)
    _slow_modules_first(items)


def _slow_modules_first(items: list[pytest.Item]) -> None:
    """The modules holding a ``slow`` test run first, each kept whole and in its own order (its
    module-scoped hub is started once). xdist hands the last tests out one by one, so a 30 s test
    at the end of the list would leave one worker alone with it while the other idles; at the
    start it runs beside the short ones. Every worker sorts the same list the same way, as xdist
    requires."""
    slow = {item.nodeid.split("::", 1)[0] for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.nodeid.split("::", 1)[0] not in slow)  # stable
