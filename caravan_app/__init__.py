"""Caravan Field Log (科普大篷车外勤系统)."""

__version__ = "0.1.0"
