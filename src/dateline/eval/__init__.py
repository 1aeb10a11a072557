"""Evaluation against annotated corpora (TimeML timexes)."""

__all__: list[str] = []
