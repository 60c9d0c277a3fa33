"""What a desktop window's pages hear: the operation path's announcements and what its database
watcher would announce as another program's change (it must not repeat the path's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from caravan_app.ui.operations import ChangeSet, DbWatcher


@dataclass
class Heard:
    watcher: DbWatcher
    changes: list[ChangeSet] = field(default_factory=list)
    outside: int = 0  # the watcher's announcements of another program's change

    @property
    def kinds(self) -> list[set[str]]:
        """The kinds each announcement named, in order."""
        return [set(c.kinds) for c in self.changes]

    def outside_now(self) -> int:
        """Let the watcher look now (not after its debounce) and say how often it announced."""
        self.watcher.check()
        return self.outside


def hear(window: Any) -> Heard:
    """From now on, what ``window``'s pages hear (what the watcher saw before is passed over)."""
    watcher = window.shell.watcher
    assert watcher is not None
    watcher.check()
    heard = Heard(watcher)

    def outside() -> None:
        heard.outside += 1

    watcher.changed_outside.connect(outside)
    window.shell.ops.changed.connect(heard.changes.append)
    return heard
