"""clusterwatch: press monitoring for industry clusters (application layer: CLI, settings, web, ops)."""

__version__ = "0.1.0"
