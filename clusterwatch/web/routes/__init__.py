"""One router per resource: search, documents, members, sources (and runs), the JSON API."""
