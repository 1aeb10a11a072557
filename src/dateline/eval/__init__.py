"""Evaluation against annotated corpora: TimeML timexes, PolNeAR attributions, SemEval-2015
Task 4 timelines."""

__all__: list[str] = []
