"""Process set-up (app.startup, app.logging_setup): each case runs in a fresh interpreter,
because init_process changes process-wide state (hooks, logging, joblib defaults)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app import logging_setup
from tests.conftest import REPO


def run_python(code: str, log_dir: Path, **env: str) -> subprocess.CompletedProcess:
    environ = dict(os.environ, VEIL_LOG_DIR=str(log_dir), QT_QPA_PLATFORM="offscreen", **env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def log_text(log_dir: Path) -> str:
    return (log_dir / logging_setup.LOG_FILE).read_text(encoding="utf-8")


def test_init_process_is_cheap_idempotent_and_writes_a_log_header(tmp_path):
    out = run_python(
        """
        import sys
        from app.startup import init_process
        first, second = init_process(), init_process()
        assert first == second, (first, second)
        heavy = [m for m in ("joblib", "numpy", "pandas", "sklearn", "PySide6") if m in sys.modules]
        print(first); print(heavy)
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    path, heavy = out.stdout.splitlines()
    assert Path(path) == tmp_path / "veil.log"
    assert heavy == "[]", f"init_process imported {heavy}"
    assert "Veil 0.1.0 starting" in log_text(tmp_path)


def test_joblib_runs_threads_in_every_thread_once_set_up(tmp_path):
    out = run_python(
        """
        import os, threading
        from app.startup import init_process
        init_process()
        from joblib import Parallel, delayed, parallel_config, cpu_count

        def backends():
            with parallel_config(backend="loky"):
                explicit = type(Parallel(n_jobs=2)._backend).__name__
            return [type(Parallel(n_jobs=2)._backend).__name__,
                    type(Parallel(n_jobs=2, prefer="processes")._backend).__name__, explicit]

        seen = {}
        worker = threading.Thread(target=lambda: seen.update(b=backends()))
        worker.start(); worker.join()
        pids = set(Parallel(n_jobs=4)(delayed(os.getpid)() for _ in range(16)))
        print(backends(), seen["b"], pids == {os.getpid()}, cpu_count() >= 1)
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    threads = "['ThreadingBackend', 'ThreadingBackend', 'ThreadingBackend']"
    assert out.stdout.strip() == f"{threads} {threads} True True"


def test_joblib_imported_before_set_up_is_switched_too(tmp_path):
    out = run_python(
        """
        import joblib
        from app.startup import init_process
        init_process()
        print(type(joblib.Parallel(n_jobs=2)._backend).__name__)
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ThreadingBackend"


def test_debug_mode_logs_veil_details_but_not_other_libraries_chatter(tmp_path):
    out = run_python(
        """
        import logging
        from app.startup import init_process
        init_process()
        import joblib
        logging.getLogger("matplotlib.font_manager").debug("font cache chatter")
        """,
        tmp_path,
        VEIL_DEBUG="1",
    )
    assert out.returncode == 0, out.stderr
    log = log_text(tmp_path)
    assert "DEBUG   veil.startup [MainThread] joblib: all backends are thread pools" in log
    assert "font cache chatter" not in log


def test_windowed_process_without_streams_logs_what_it_prints(tmp_path):
    out = run_python(
        """
        import sys
        sys.stdout = sys.stderr = None  # what a windowed (frozen) program gets
        from app.startup import init_process
        init_process()
        print("printed to nowhere")
        sys.stderr.write("warned to nowhere\\n")
        import warnings; warnings.warn("a library warning")
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    log = log_text(tmp_path)
    assert "INFO    veil.stdout [MainThread] printed to nowhere" in log
    assert "WARNING veil.stderr [MainThread] warned to nowhere" in log
    assert "a library warning" in log


def test_unhandled_exception_without_gui_is_logged_and_printed(tmp_path):
    out = run_python(
        """
        from app.startup import init_process
        init_process()
        raise RuntimeError("boom in main")
        """,
        tmp_path,
    )
    assert out.returncode == 1
    assert "RuntimeError: boom in main" in out.stderr
    assert f"details in {tmp_path / 'veil.log'}" in out.stderr
    log = log_text(tmp_path)
    assert "CRITICAL veil.startup [MainThread] unhandled exception in thread MainThread" in log
    assert "Traceback (most recent call last)" in log and "RuntimeError: boom in main" in log


def test_thread_exception_is_logged_with_the_thread_name_and_cancel_is_quiet(tmp_path):
    out = run_python(
        """
        import threading
        from app.startup import init_process
        from core.errors import JobCancelled
        init_process()

        def boom(): raise ValueError("boom in worker")
        def cancelled(): raise JobCancelled("stop")
        for target, name in ((boom, "worker-7"), (cancelled, "worker-8")):
            t = threading.Thread(target=target, name=name); t.start(); t.join()
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    log = log_text(tmp_path)
    assert "unhandled exception in thread worker-7" in log
    assert "ValueError: boom in worker" in log
    assert "a cancelled job ended in thread worker-8" in log
    assert "JobCancelled" not in log


def test_qt_warnings_go_to_the_log(tmp_path):
    out = run_python(
        """
        from app.startup import init_process
        init_process()
        from PySide6 import QtCore
        QtCore.qWarning("qt says something")
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "WARNING veil.qt [MainThread] qt says something" in log_text(tmp_path)


@pytest.mark.parametrize("where", ["main", "worker"])
def test_unhandled_exception_in_the_gui_opens_the_error_dialog_with_the_log_path(tmp_path, where):
    """Raised in a Qt slot (main thread) or a Python thread: one dialog, in the GUI thread."""
    out = run_python(
        f"""
        import threading
        from app.startup import init_process
        init_process()
        from PySide6 import QtCore, QtWidgets
        app = QtWidgets.QApplication([])

        def boom(): raise RuntimeError("boom in the {where} thread")
        def start():
            if "{where}" == "main":
                boom()
            else:
                threading.Thread(target=boom, name="worker-1").start()
        def inspect():
            boxes = [w for w in app.topLevelWidgets()
                     if isinstance(w, QtWidgets.QMessageBox) and w.isVisible()]
            for box in boxes:
                print(box.text(), "|", box.informativeText().replace("\\n", " "), "|",
                      box.thread() == app.thread())
            app.quit()
        QtCore.QTimer.singleShot(0, start)
        QtCore.QTimer.singleShot(500, inspect)
        app.exec()
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1, out.stdout
    text, informative, gui_thread = lines[0].split(" | ")
    assert text == f"RuntimeError: boom in the {where} thread"
    assert str(tmp_path / "veil.log") in informative
    assert gui_thread == "True"
    assert f"boom in the {where} thread" in log_text(tmp_path)


def test_log_rotates_and_keeps_three_old_files(tmp_path):
    out = run_python(
        """
        import logging
        from app import logging_setup
        logging_setup.MAX_BYTES = 2_000
        from app.startup import init_process
        init_process()
        for i in range(400):
            logging.getLogger("veil.test").info("line %d %s", i, "x" * 40)
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in tmp_path.glob("veil.log*"))
    assert names == ["veil.log", "veil.log.1", "veil.log.2", "veil.log.3"]
    assert all(p.stat().st_size <= 2_200 for p in tmp_path.glob("veil.log*"))


def test_unwritable_log_folder_falls_back_to_the_temp_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = run_python(
        "from app.startup import init_process; print(init_process())",
        blocker / "logs",
        TMPDIR=str(tmp_path),
    )
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()) == tmp_path / "veil-logs" / "veil.log"


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {"XDG_STATE_HOME": "/state"}, "/state/veil/log"),
        ("linux", {}, "~/.local/state/veil/log"),
        ("darwin", {}, "~/Library/Logs/Veil"),
        ("win32", {"LOCALAPPDATA": "/local"}, "/local/Veil/Logs"),
    ],
)
def test_log_folder_follows_each_platform_convention(monkeypatch, platform, env, expected):
    for name in ("VEIL_LOG_DIR", "XDG_STATE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert logging_setup.log_dir() == Path(expected).expanduser()


def test_finish_flushes_then_leaves_with_the_code(tmp_path):
    """The frozen entry points end through ``finish``: what was printed and logged is out,
    and the exit code is the program's, without interpreter finalization."""
    import subprocess
    import sys

    script = (
        "import logging, sys\n"
        "from app.startup import finish\n"
        f"logging.basicConfig(filename={str(tmp_path / 'x.log')!r}, level=logging.INFO)\n"
        "logging.getLogger('veil').info('logged before leaving')\n"
        "sys.stdout.write('printed before leaving')\n"
        "finish(3)\n"
        "print('never')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 3
    assert done.stdout == "printed before leaving"
    assert "logged before leaving" in (tmp_path / "x.log").read_text()
