"""Helpers shared by the report and pipeline tests: the figures a reader must find."""

from __future__ import annotations

import io

import pypdf


def pct(v: float) -> str:
    if v == 0:
        return "0%"
    return "<0.1%" if v < 0.001 else f"{v * 100:.1f}%"


def key_figures(a: dict) -> list[str]:
    """The figures a reader must find in both renderings, formatted independently here."""
    figures = [f"{a['dataset']['rows']:,}", f"{a['release']['rows']:,}", a["dataset"]["name"]]
    real = a["release"].get("reidentification")  # the released table's own (veil-cli run)
    reids = (
        [a["release"]["input_reidentification"], real]
        if real
        else [a[side]["reidentification"] for side in ("before", "after")]
    )
    if a.get("rehearsal_release"):
        figures.append(f"{a['rehearsal_release']['rows']:,}")
    for reid in reids:
        figures += [
            f"{reid['equivalence_classes']:,}",
            pct(reid["unique_fraction"]),
            f"{reid['average_risk']:.3f}",
        ]
    for side in ("before", "after"):
        for res in (a[side].get("membership") or {}).values():
            figures += [f"{res['auc']:.3f}", f"{res['advantage']:.3f}"]
        for res in (a[side].get("attribute") or {}).values():
            figures += [f"{res['risk']:.3f}", pct(res["success_members"])]
        if a[side].get("utility"):
            figures.append(pct(a[side]["utility"]["accuracy"]))
    return figures


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)
