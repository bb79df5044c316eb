"""The report's trade-off section plots the figure the sweep measured each setting by."""

from core.report.document import Chart, Table
from core.report.sections.utility import frontier_section


def points(by: str | None) -> list[dict]:
    out = []
    for k, risk, acc in ((2, 0.30, 0.82), (20, 0.05, 0.78)):
        p = {"method": "optimal", "k": k, "epsilon": None, "accuracy": acc,
             "advantage": 0.2 if by in (None, "membership") else None,
             "figures": {by or "membership": risk if by else 0.2}}  # fmt: skip
        if by:
            p["measured_by"] = by
        out.append(p)
    return out


def blocks(section, kind):
    return [b for b in section.blocks if isinstance(b, kind)]


def test_a_sweep_measured_by_re_identification_is_plotted_by_its_risk():
    section = frontier_section({"sweep": points("reidentification")})
    (chart,) = blocks(section, Chart)
    assert [p["x"] for p in chart.data["points"]] == [0.30, 0.05]
    assert chart.data["x_label"] == "Average re-identification risk"
    assert chart.caption.startswith("Average re-identification risk against model accuracy")
    (table,) = blocks(section, Table)
    assert table.header[2] == "Average re-identification risk"


def test_membership_and_older_documents_keep_the_advantage():
    for by in (None, "membership"):
        section = frontier_section({"sweep": points(by)})
        (chart,) = blocks(section, Chart)
        assert [p["x"] for p in chart.data["points"]] == [0.2, 0.2]
        assert "x_label" not in chart.data
        assert blocks(section, Table)[0].header[2] == "Advantage"
