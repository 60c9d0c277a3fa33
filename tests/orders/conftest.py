"""A real hub process and laptops, as the sync tests have them."""

from tests.sync.conftest import hub, hub_process, laptops

__all__ = ["hub", "hub_process", "laptops"]
