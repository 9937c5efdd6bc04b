"""Lesson 07's texts shared by the few-shot test files: the owner's reply, the refund emails and log lines, three reviews."""

OWNER = "ah thank you!! so glad the sourdough hit the spot. sorry about the queue, we're opening a second till in may. — mo @ crumb & co"
OLD = "The sourdough was perfect but the queue was long."
NEW = "Lovely croissants, but you ran out of almond ones by 10am."
E1 = "Hi, Dana Reyes here. Order 48213 arrived with a cracked lid, so I'd like my 35 dollars back."
L1 = "#48213 | Dana Reyes | $35.00"
E2 = "Hello! My name is Luis Ortega and the lamp from order 50917 never turned on. Please refund the $24.5 I paid."
L2 = "#50917 | Luis Ortega | $24.50"
R_POS, R_NEG, R_MIX = "Came quickly and does the job well, really pleased.", "The zip broke on day two and nobody answered my emails.", "Lovely colour, but the strap is far too short."
FIELD = {"07.1": "template", "07.2": "prompt", "07.3": "template"}  # the field each exercise's prompt goes in
