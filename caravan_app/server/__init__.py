"""The sync hub (``caravan-server``): FastAPI over SQLAlchemy, SQLite or PostgreSQL, no state in
the process, so several workers behind a load balancer can share one database."""
