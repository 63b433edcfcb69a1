"""The generator's own reference tables (YAML, sources cited in each file)."""
