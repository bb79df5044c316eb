"""The assessment protocol behind :func:`core.assess.assess`, one module per step."""
