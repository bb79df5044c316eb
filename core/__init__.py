"""Veil's engine: loading, protection, risk assessment and reports. Never imports Qt."""

__version__ = "0.1.0"
