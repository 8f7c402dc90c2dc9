"""Alerts: saved searches sent as e-mail digests and Atom feeds, and member spikes."""
