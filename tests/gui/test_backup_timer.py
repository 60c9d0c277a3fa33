"""Issue #18: the window makes rotating backups on a timer while it runs, only when data changed."""

from __future__ import annotations

import pytest

from caravan_app.paths import backups_dir
from caravan_app.services.app import App
from caravan_app.ui.shell_services import ShellServices
from caravan_app.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


def _autos(app: App) -> list:
    return sorted(backups_dir(app.maintenance.data_dir).glob("auto-*.db"))


def _services(app: App, qtbot) -> tuple[ShellServices, TaskRunner]:  # noqa: ANN001
    runner = TaskRunner()
    shell = ShellServices(app, runner, watch_db=False)
    return shell, runner


def test_timer_backs_up_after_a_change_and_skips_when_nothing_changed(app: App, field, qtbot) -> None:  # noqa: ANN001
    shell, runner = _services(app, qtbot)
    before = _autos(app)
    ticks: list[object] = []
    shell.backups.timer.timeout.connect(lambda: ticks.append(1))
    shell.backups.arm(interval_s=0.05)
    qtbot.waitUntil(lambda: shell.backups.mark is not None and shell.backups.task_id is None, timeout=5000)

    # Nothing changed: two ticks go by and no backup appears.
    qtbot.waitUntil(lambda: len(ticks) >= 2 and shell.backups.task_id is None, timeout=5000)
    runner.wait()
    assert _autos(app) == before

    # A change: the next tick writes a rotating backup that holds it.
    app.sites.add(name="金乡县第二中学", county="金乡县", kind="初中", students=1200)
    with qtbot.waitSignal(shell.backups.backed_up, timeout=5000) as sig:
        pass
    path = sig.args[0]
    assert path in _autos(app) and path not in before
    assert len(_autos(app)) == len(before) + 1

    # And again nothing new: more ticks, no second copy.
    n = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) >= n + 2 and shell.backups.task_id is None, timeout=5000)
    runner.wait()
    assert len(_autos(app)) == len(before) + 1
    shell.shutdown()
    runner.wait()
