"""Training the statistical NER components: corpus reading, silver data, spaCy training."""
