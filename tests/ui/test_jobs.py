"""The background job runner: results in the GUI thread, cancel drops late results, throttling."""

from __future__ import annotations

import threading

import pytest

from core.errors import InputError
from ui.jobs import JobRunner


@pytest.fixture
def runner(qapp):
    r = JobRunner("test")
    yield r
    r.cancel()
    assert r.wait(10)


def test_result_arrives_in_the_gui_thread(runner, qtbot):
    seen = {}

    def job(monitor):
        seen["worker"] = threading.current_thread()
        monitor.progress(0.5, "half")
        return sum(range(1000))

    def done(result):
        seen["result"], seen["gui"] = result, threading.current_thread()

    runner.finished.connect(done)
    with qtbot.waitSignal(runner.busy_changed) as busy:
        runner.start(job)
    assert busy.args == [True] and runner.busy
    with qtbot.waitSignal(runner.finished, timeout=5000):
        pass
    assert seen["result"] == 499500
    assert seen["gui"] is threading.main_thread() is not seen["worker"]
    assert not runner.busy


def test_a_new_job_cancels_the_old_one_and_its_result_is_dropped(runner, qtbot):
    started, results = threading.Event(), []
    runner.finished.connect(results.append)

    def slow(monitor):
        started.set()
        while True:  # a long job that only stops at its cancel points
            monitor.progress(0.1, "working")
            threading.Event().wait(0.01)

    first_monitor = []
    runner.start(lambda m: first_monitor.append(m) or slow(m))
    assert started.wait(5)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start(lambda m: "second")
    assert first_monitor[0].cancelled
    assert runner.wait(5)
    qtbot.wait(50)
    assert results == ["second"]


def test_known_errors_fail_and_cancel_is_silent(runner, qtbot):
    failures, cancels = [], []
    runner.failed.connect(failures.append)
    runner.cancelled.connect(lambda: cancels.append(1))

    def bad(monitor):
        raise InputError("Cannot read x.csv.", path="x.csv", hint="Save it as CSV.")

    with qtbot.waitSignal(runner.failed, timeout=5000):
        runner.start(bad)
    assert isinstance(failures[0], InputError) and failures[0].hint == "Save it as CSV."

    gate = threading.Event()
    runner.start(lambda m: gate.wait(5) and m.check_cancelled())
    runner.cancel()
    gate.set()
    assert runner.wait(5)
    qtbot.wait(50)
    assert cancels == [1] and len(failures) == 1 and not runner.busy


def test_progress_is_throttled(runner, qtbot):
    ticks = []
    runner.progress.connect(lambda f, m: ticks.append(f))

    def chatty(monitor):
        for i in range(20_000):
            monitor.progress(i / 20_000, "tick")
        monitor.progress(1.0, "done")

    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.start(chatty)
    assert 1 <= len(ticks) < 200
    assert ticks[-1] == 1.0


def test_a_job_outliving_its_window_ends_quietly(qtbot):
    """The window (and the runner's signals) deleted while the job runs: the late result has
    nobody to go to, and must not raise 'Signal source has been deleted' in the worker."""
    import shiboken6

    from ui.qt import QObject

    owner = QObject()
    runner = JobRunner("late", parent=owner)
    release, started = threading.Event(), threading.Event()

    def job(monitor):
        started.set()
        release.wait(5)
        monitor.progress(0.5, "still here")
        return 42

    with qtbot.captureExceptions() as caught:
        runner.start(job)
        assert started.wait(5)
        signals = runner._signals
        worker_done = runner._running[1]
        shiboken6.delete(owner)
        assert not shiboken6.isValid(signals)
        release.set()
        assert worker_done.wait(5)
        qtbot.wait(50)
    assert not caught, caught
