"""Keeping names off the site: personal-data patterns, the name detector, redaction and the output guard."""
