"""Plain-Python domain: entities, rules, validation and ledger math. Imports nothing of the project."""
