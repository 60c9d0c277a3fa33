"""A writer process shaped like the desktop app for the lock tests: one ``App`` kept open with
its pooled connections, saving changes and printing an acknowledgement only after each commit,
and doing between saves what the open window does on its timers (the backup timer's copy, the
settings page's encryption status, the integrity probe of the start). Killed with SIGKILL."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from caravan_app.services.app import App


def main(data_dir: str) -> None:
    from caravan_app.storage import backup as bk
    from caravan_app.storage import integrity

    app = App.open(data_dir)
    v = app.visits.list()[0].id
    mark = app.maintenance.change_mark()
    i = 0
    while True:
        i += 1
        sid = app.sites.add(name=f"学校{i}-{app.db.device_id[:4]}", county="任城区")
        print(f"site {sid}", flush=True)
        app.attendance.tally(v, "teacher", 1)
        print("tally 1", flush=True)
        # What the window does between saves: each of these opened and closed the database file.
        # A failure there is shown by the window and the work goes on (so it does here).
        try:
            app.privacy.encrypted()
            integrity.full_check_due(Path(app.db.path), dt.datetime.now(dt.UTC))
            bk.verify(Path(app.db.path))
            if i % 4 == 0:
                _, mark = app.maintenance.backup_if_changed(mark)
        except Exception as exc:  # noqa: BLE001 - reported like the window's error dialog
            print(f"error {exc!r}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
