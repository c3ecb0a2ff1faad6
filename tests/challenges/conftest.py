"""Challenges in each phase, and completed generations made from the known MIDI piece."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from .known_midi import HOOK, known_data

CONSTRAINTS = {
    "genre": "trap",
    "bpm": {"min": 130, "max": 150},
    "key": "C minor",
    "parts": ["melody", "bass", "drums"],
    "bars": {"min": 4, "max": 8},
    "progression": ["i", "VI", "III", "VII"],
    "motif": {"notes": HOOK, "rhythm_tolerance": 0.25},
}
# (starts, ends, voting ends) relative to now, by phase.
PHASE_TIMES = {
    "open": (-1, 6, 9),
    "upcoming": (1, 8, 11),
    "voting": (-8, -1, 2),
    "closed": (-10, -3, -1),
}


def make_challenge(phase: str = "open", **fields: Any) -> Any:
    from challenges.models import Challenge

    now = timezone.now()
    starts, ends, voting = (now + timedelta(days=d) for d in PHASE_TIMES[phase])
    defaults = {
        "slug": f"test-{phase}-{Challenge.objects.count()}",
        "title": f"Test {phase} challenge",
        "brief": "Make something.",
        "constraints": CONSTRAINTS,
        "starts_at": starts,
        "ends_at": ends,
        "voting_ends_at": voting,
        "xp_reward": 300,
        "badge": "Test Champion",
    }
    return Challenge.objects.create(**(defaults | fields))


def make_generation(owner: Any, *, bpm: float = 140, genre: str = "trap") -> Any:
    from generation.models import Generation

    result = known_data(bpm=bpm) | {"genre": genre, "bars": 4, "type": "arrangement"}
    return Generation.objects.create(
        owner=owner, tool="arrangement", parameters={}, seed=1, status="completed", result=result, genre=genre, bpm=bpm
    )


@pytest.fixture
def open_challenge(db: Any) -> Any:
    return make_challenge("open")
