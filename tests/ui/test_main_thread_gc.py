"""Garbage is collected in the GUI thread only while Veil runs: a cycle made in a worker
thread is not collected there, and the GUI thread's timer collects it."""

from __future__ import annotations

import gc
import threading
import weakref

from ui.main_thread_gc import MainThreadCollector


class _Node:
    pass


def _cycle() -> weakref.ref:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_the_ui_tests_run_as_the_app_does(collect_in_the_gui_thread):
    assert not gc.isenabled()


def test_worker_threads_do_not_collect_and_the_timer_does(qtbot, collect_in_the_gui_thread):
    collect_in_the_gui_thread.stop()  # this test runs its own collector, then restores it
    collector = MainThreadCollector(interval_ms=20)
    collector.start()
    try:
        assert not gc.isenabled()
        found = []

        held = []

        def work():  # allocate far past generation 0's threshold in a worker thread
            found.append(_cycle())
            held.extend([i] for i in range(gc.get_threshold()[0] * 20))

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        assert found[0]() is not None  # the worker's allocations collected nothing
        qtbot.waitUntil(lambda: found[0]() is None, timeout=5_000)  # the timer did
    finally:
        collector.stop()
        assert gc.isenabled()
        collect_in_the_gui_thread.start()
