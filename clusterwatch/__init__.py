"""clusterwatch: press monitoring for industry clusters (app layer: CLI, settings, web, ops)."""

__version__ = "0.1.0"
