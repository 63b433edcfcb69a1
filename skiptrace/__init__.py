"""skiptrace: skip-tracing and asset discovery for CNSS debt collection."""

__version__ = "0.1.0"
