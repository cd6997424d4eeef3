"""Question answering over indexed reports (understand, retrieve, compose) — issues 3 and 4."""
