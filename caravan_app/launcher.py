"""Entry point of the installed bundle: no arguments opens the desktop app (double-click);
arguments run the command line (``caravan.exe demo``, ``caravan.exe selftest`` …)."""

from __future__ import annotations

import multiprocessing
import sys

from caravan_app.cli.main import main


def launch() -> int:
    multiprocessing.freeze_support()
    argv = sys.argv[1:] or ["gui"]
    from caravan_app.startup_probe import install, wanted

    if wanted():  # benchmarks only: print start-up marks (first window, today's data) and quit
        install()
    return main(argv)


if __name__ == "__main__":
    sys.exit(launch())
