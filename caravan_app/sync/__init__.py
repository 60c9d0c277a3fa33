"""Laptop ↔ hub sync: protocol messages (shared with the hub), the HTTP client, connectivity."""
