"""actionplans import: Word, Excel, CSV and YAML action plans converted to the content format."""
