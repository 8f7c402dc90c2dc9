"""The analyst workbench: entity reports, registry suggestions (comparisons: index.compare)."""
