"""The pandas engine: today's in-memory path (Veil's reader, ``core.privacy``, the writer)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.engine.frequency import Frequencies, frequencies_of
from core.engine.plan import Plan
from core.engine.source import Source
from core.jobs import Monitor


class PandasEngine:
    """The three steps on a frame in memory; the default for tables that fit."""

    name = "pandas"

    def __init__(self) -> None:
        self._loaded: dict[str, pd.DataFrame] = {}

    def frame(self, source: Source, monitor: Monitor | None = None) -> pd.DataFrame:
        """The table, read once by Veil's reader and kept for the later steps."""
        if source.path not in self._loaded:
            from core.io import load_table

            self._loaded[source.path] = load_table(source.path, monitor=monitor).frame
        return self._loaded[source.path]

    def columns(self, source: Source) -> list[str]:
        return [str(c) for c in self.frame(source).columns]

    def head(self, source: Source, rows: int) -> pd.DataFrame:
        return self.frame(source).head(rows)

    def frequencies(
        self, source: Source, qis: list[str], sensitive: str | None, monitor: Monitor
    ) -> Frequencies:
        return frequencies_of(self.frame(source, monitor), qis, sensitive)

    def release(self, source: Source, plan: Plan, keep: list[str]) -> pd.DataFrame:
        """The released frame: QIs generalized, suppressed classes left out."""
        frame = self.frame(source)
        columns = list(plan.freq.columns)
        row = frame.groupby(columns, sort=False, dropna=False, observed=True).ngroup()
        kept = ~plan.suppressed[row.to_numpy()]
        out = {}
        for name in keep:
            column = frame[name]
            level = plan.levels.get(name, 0)
            if level > 0:
                column = plan.hierarchies[name].generalize(column, level)
            out[name] = column[kept]
        return pd.DataFrame(out, index=frame.index[np.flatnonzero(kept)], copy=False)

    def write_release(
        self, source: Source, plan: Plan, keep: list[str], out: str, monitor: Monitor
    ) -> int:
        from core.export import write_table

        data = self.release(source, plan, keep)
        monitor.progress(0.5, f"Writing {out}")
        write_table(data, out, inputs=(source.path,))
        return len(data)
