"""The NLP pipeline: spaCy plus one registered component per dateline stage."""
