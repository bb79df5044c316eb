"""The report says exactly what it said before its readers moved to typed accessors: the
report document of each saved assessment equals the golden copy (tests/core/report/golden)."""

from __future__ import annotations

import difflib

import pytest

from tests.core.report.golden.make import DOCUMENTS, golden_path, rendered


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_report_document_equals_the_golden_copy(name):
    want = golden_path(name).read_text(encoding="utf-8")
    got = rendered(name)
    if got != want:
        diff = "".join(
            difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "now", n=2)
        )
        pytest.fail(
            f"The report for '{name}' changed; if on purpose, regenerate with "
            f"`python -m tests.core.report.golden.make` and review:\n{diff[:4000]}"
        )
