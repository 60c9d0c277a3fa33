"""The command-line face: ``caravan …``. Thin over the services; no Qt here."""
