"""Screenshots of issue 12: the Columns step on a table with people's names, and the release gate.

    xvfb-run -a -s "-screen 0 1400x900x24" python docs/screenshots/take_gate_screenshots.py

Builds a small fictitious table (names in several languages under neutral headers, demographics,
event dates, a unique measurement, an outcome) in a temporary folder, keeps one name column as it
is, protects and assesses, then shows the confirmation Veil asks before the export.
Writes 2-columns-names.png and 5-gate-dialog.png next to this script.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from take_screenshots import new_window, settle  # noqa: E402  (this folder)

from core.schema import Role  # noqa: E402
from core.settings import AssessmentSettings  # noqa: E402
from ui.application import make_app  # noqa: E402
from ui.gate_dialog import GateDialog, session_gate  # noqa: E402
from ui.selftest import wait_for  # noqa: E402

N = 400
GIVEN = ["Anna", "Jürgen", "Chloé", "Íñigo", "Femke", "Pieter", "Zoé", "Joaquín", "Heike", "Daan"]
FAMILY = ["Müller", "Dubois", "García", "Jansen", "O'Brien", "Rossi", "Lefèvre", "Bakker", "Weiß"]


def people(folder: Path) -> Path:
    rng = np.random.default_rng(12)
    start = pd.Timestamp("2015-01-01")
    frame = pd.DataFrame(
        {
            "person": [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{rng.choice(['', 'er', 'i'])}"
                       for _ in range(N)],
            "first": [f"{rng.choice(GIVEN)}{rng.choice(['', 'a', 'o'])}" for _ in range(N)],
            "last": [f"{rng.choice(FAMILY)}{rng.choice(['', 'sen', 'i'])}" for _ in range(N)],
            "email": [f"user{i}@example.org" for i in range(N)],
            "sex": rng.choice(["Female", "Male"], N),
            "dob": (pd.Timestamp("1950-01-01")
                    + pd.to_timedelta(rng.integers(0, 18000, N), unit="D")).strftime("%Y-%m-%d"),
            "city": rng.choice(["Lyon", "Gent", "Bilbao", "Kassel"], N),
            "jail_in": (start + pd.to_timedelta(rng.integers(0, 10**6, N), unit="min")).astype(str),
            "weight_g": rng.integers(40_000, 120_000, N),
            "two_year_recid": rng.integers(0, 2, N),
        }
    )  # fmt: skip
    path = folder / "people.csv"
    frame.to_csv(path, index=False)
    return path


def main() -> int:
    app = make_app(["veil"])
    with tempfile.TemporaryDirectory() as tmp:
        window = new_window(Path(tmp))
        panels = window.panels
        wait_for(panels["load"].runner, lambda: panels["load"].open_path(people(Path(tmp))))
        window.go_to("columns")
        box = panels["columns"].role_boxes["last"]
        box.setCurrentIndex(box.findData(Role.INSENSITIVE))
        while panels["columns"].runner.busy:  # the uniqueness measure runs in a worker
            settle(app, 100)
        settle(app)
        window.grab().save(str(HERE / "2-columns-names.png"))
        print("wrote 2-columns-names")
        window.session.set_assessment_settings(
            AssessmentSettings(attacks=("reidentification",), target=None)
        )
        window.go_to("protect")
        wait_for(panels["protect"].runner, panels["protect"].run)
        window.go_to("assess")
        wait_for(panels["assess"].runner, panels["assess"].run)
        window.go_to("report")
        dialog = GateDialog(session_gate(window.session).lines, window)
        dialog.resize(720, 420)
        dialog.show()
        settle(app)
        dialog.grab().save(str(HERE / "5-gate-dialog.png"))
        print("wrote 5-gate-dialog")
        dialog.close()
        window.session.mark_dirty(False)
        window.shutdown()
        window.close()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
