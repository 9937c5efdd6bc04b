"""Prompt analysis shared by the offline model and the checker: one reading of every prompt.

    from tutor.analysis import analyse, count_words, sentences, bullets, find_blocks

- `text`: words, sentences, bullets and lines, counted one way for everyone;
- `blocks`: where the data is (delimited, labelled, quoted or undelimited) and where the instruction is;
- `instructions`: a typed, frozen description of what the instruction asks for (task, limits with their
  own quantifiers, output shape, inclusions and exclusions, persona, audience, tone, scope, the policy
  for the data, reasoning, grounding);
- `analyse()`: all of it for a whole chat request.
"""

from tutor.analysis.blocks import Block, find_blocks, split
from tutor.analysis.instructions import Analysis, Persona, analyse, analyse_fields, analyse_parts
from tutor.analysis.limits import Limit
from tutor.analysis.shape import Shape
from tutor.analysis.text import bullets, count_words, lines, sentences, words

__all__ = [
    "Analysis", "Block", "Limit", "Persona", "Shape", "analyse", "analyse_fields", "analyse_parts", "bullets", "count_words",
    "find_blocks", "lines", "sentences", "split", "words",
]
