"""One panel per step of the workflow."""
