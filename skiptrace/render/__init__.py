"""Renderers of a built profile: JSON, GraphML, a self-contained HTML report, a rich terminal view."""
