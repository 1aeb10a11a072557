"""Evaluation against shared tasks (SemEval-2015 Task 4 TimeLine)."""
