"""The content format and reading it: load YAML, the schema, validation across files, the glossary scope, derived progress, escalation, new-review skeletons."""
