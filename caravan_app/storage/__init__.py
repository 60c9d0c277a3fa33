"""SQLAlchemy models, engine and queries: the only layer that talks SQL."""
