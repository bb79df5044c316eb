"""The PySide6 desktop interface: one window, five steps, every long task in the background."""
