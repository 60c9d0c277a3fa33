"""A writer process for the crash tests: records sign-ins, tallies and movements forever and
prints each record's id only after its transaction committed ("acknowledged")."""

from __future__ import annotations

import sys

from caravan_app.services.app import App


def main(data_dir: str) -> None:
    app = App.open(data_dir)
    c = app.catalog.caravans()[0].id
    t = app.catalog.titles()[0].id
    v = app.visits.list()[0].id
    i = 0
    while True:
        i += 1
        r = app.attendance.signin(v, f"学生{i}", "student", f"{i % 6 + 1}年级")
        print(f"signin {r.id}", flush=True)
        app.attendance.tally(v, "primary", 1)
        print(f"tally {i}", flush=True)
        mid = app.stock.distribute(c, t, 1, v, "学校", override=True)
        print(f"movement {mid}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
