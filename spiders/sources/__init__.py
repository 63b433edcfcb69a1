"""The web sources, one spider a module; the module name is the source name everywhere."""
