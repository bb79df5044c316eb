"""One workflow, Qt-free: file → load → roles → protect → assess → report → export.

``Workflow`` owns the project (roles, hierarchies, settings, seed, key), the loaded table and
each step's result, and knows what goes stale when something upstream changes. `veil-cli run`
runs every step; the GUI's session is a thin adapter forwarding the workflow's changes.
"""

from core.workflow.staleness import CHANGES, stale_after
from core.workflow.steps import output_files
from core.workflow.workflow import ExportResult, Outcome, Workflow

__all__ = ["CHANGES", "ExportResult", "Outcome", "Workflow", "output_files", "stale_after"]
