"""Lesson 12's guarded bot, shared by the red-team test files: read from the spec (12.1's system prompt, 12.2's facts), their one definition."""
from checker import specs
from tutor.analysis import guards
from tutor.offline import model

GUARD = specs.get("12.1").baseline["system"]  # the help bot the learner attacks at level 1
FACTS = next(line for line in specs.get("12.2").task.splitlines() if line.startswith("Opening hours:"))  # facts a defence must keep


def reply(message: str, system: str = GUARD) -> str:
    """The offline model's reply to one message under a system prompt."""
    return model.respond([{"role": "system", "content": system}, {"role": "user", "content": message}]).text


def leaks(message: str, system: str = GUARD) -> bool:
    """True when the guarded bot gives the code away."""
    return guards.reveals("MOONLIGHT-25", reply(message, system))
