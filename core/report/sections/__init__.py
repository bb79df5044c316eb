"""One module per part of the report; each builds Sections from the assessment dictionary."""
