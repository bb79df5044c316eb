"""Entry points: the `veil` GUI and the `veil-cli` command line."""
