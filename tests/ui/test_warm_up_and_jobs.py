"""Jobs never import the engine at the same moment as the background warm-up."""

import threading

from ui import application
from ui.jobs import JobRunner


def test_a_job_waits_for_the_warm_up_to_finish(qtbot, monkeypatch):
    release = threading.Event()
    order = []

    def slow_import(name):
        release.wait(10)
        order.append(f"imported {name}")

    monkeypatch.setattr("importlib.import_module", slow_import)
    application.warm_up(("some.engine",))
    runner = JobRunner("test")

    def job(monitor):
        order.append("job ran")
        return 1

    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.start(job)
        qtbot.wait(200)
        assert order == []  # the job is waiting for the import
        release.set()
    assert order == ["imported some.engine", "job ran"]
