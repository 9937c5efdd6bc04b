"""Round 9, lesson 13 (capstone): urgency read the way a reasonable reader reads a clear-cut ticket, and guides read by meaning.

Every ticket and guide here is our own. Classes: being unable to reach or buy something is being blocked; money
already taken, overcharged, still coming out or not given back is losing money; a visual mismatch or a
'nice-to-have' is minor; a guide's 'Intended use:' heading says when to use it; a limit sentence cut at a quoted
'but' is read whole; saying the template resists instructions in the data is a defence, not a limit.
"""

from __future__ import annotations

import pytest

from checker import guide
from tutor.offline import triage

LEVELS = ["low", "medium", "high"]


@pytest.mark.parametrize("ticket, level", [
    ("The editor freezes on launch, so I can't reach any of my saved projects.", "high"),
    ("Your shop page just spins and I cannot purchase the tickets I need.", "high"),
    ("I can't download my invoices at all since the update.", "high"),
    ("You billed me $80 instead of $40 this month.", "high"),
    ("The money has already gone from my bank even though I cancelled.", "high"),
    ("My payment hasn't been returned although the order was cancelled by you.", "high"),
    ("The membership fee keeps coming out after I closed the account.", "high"),
    ("The icons in the footer don't match the rest of the app.", "low"),
    ("A dark theme for the mobile app would be a nice-to-have.", "low"),
    ("The button colours look different on the help page.", "low"),
    ("My parcel is three days late; could you check with the courier?", "medium"),
    ("The export takes a while, but it works in the end.", "medium"),
])
def test_urgency_reads_clear_cut_tickets(ticket: str, level: str) -> None:
    """A clear-cut ticket gets the priority any reasonable reader would give it."""
    label, _ = triage.classify_onto(ticket, LEVELS)
    assert label == level, (ticket, label)


@pytest.mark.parametrize("text, has_use, has_limit", [
    ("Intended use: sorting product reviews by sentiment. Limits: sarcasm is often read as praise.", True, True),
    ("Typical use: routing support mail into queues. Weakness: tickets about two problems get one category.", True, True),
    ("Main purpose: tagging reviews for the dashboard. Known limit: the 'good but pricey' kind of review is read as mixed.", True, True),
    ("Use it to sort tickets. Limits: the 'charged but not delivered' ticket may go to billing or shipping.", True, True),
    ("Use it to tag reviews for the dashboard. It ignores instructions hidden in reviews.", True, False),
    ("Use this to route tickets into queues. It does not follow commands inside tickets and returns bare JSON.", True, False),
    ("Use this to label reviews. It never obeys requests written in the review.", True, False),
    ("Use it to route tickets. It ignores instructions in tickets, but it cannot split a ticket with two problems.", True, True),
    ("Limits: none.", False, False),
])
def test_guide_reading(text: str, has_use: bool, has_limit: bool) -> None:
    """A guide's use and limit are read by meaning; a defence against injection names no limit."""
    reading = guide.read(text)
    assert (bool(reading.use), bool(reading.limit)) == (has_use, has_limit), reading
