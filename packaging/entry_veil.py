"""Entry script of the frozen `veil` (windowed): process set-up first, then the application."""

import os

from app.startup import finish, init_process

init_process()

if os.environ.get("VEIL_BUNDLE_CHECK"):  # packaging tests only (see bundle_check.py)
    from bundle_check import main as check

    raise SystemExit(check())

from app.main import main  # noqa: E402  (after init_process on purpose)

finish(main())
