"""Use cases. One unit of work (transaction) per user action; GUI and CLI call only these."""
