"""Lesson 09's report, shared by the grounding test files: read from 09.2's task in the spec, its one definition."""
from checker import specs


def _task_report() -> str:
    """The text after 'Report:' in exercise 09.2's task (the learner pastes it; tests paste the same)."""
    task = specs.get("09.2").task
    return task[task.index("Report:") + len("Report:"):].strip()


REPORT = _task_report()
