"""core.preload: background imports one at a time; wait() returns once none is pending."""

from __future__ import annotations

import threading

from core.preload import Preloader


def test_wait_blocks_until_every_preload_ended(monkeypatch):
    release, imported = threading.Event(), []
    running = threading.Semaphore(0)

    def slow_import(name):
        running.release()
        release.wait(10)
        imported.append(name)

    monkeypatch.setattr("importlib.import_module", slow_import)
    loader = Preloader()
    loader.start(["first"])
    loader.start(["second"])
    assert running.acquire(timeout=5)
    assert loader.wait(timeout=0.2) is False, "a preload is still importing"
    assert not running.acquire(timeout=0.2), "the second waits for the first (one at a time)"
    release.set()
    assert loader.wait(timeout=10) is True
    assert imported == ["first", "second"]


def test_a_missing_module_does_not_block_the_queue():
    loader = Preloader()
    loader.start(["veil_no_such_module_here"]).join(10)
    assert loader.wait(timeout=1) is True
