"""The weekly challenges the scheduler rotates through (and ``manage.py seed_challenges`` opens).

Each is reachable from the studio (the arrangement, chords and melody tools make music that
meets them) or from a DAW through a MIDI upload; the hook challenge needs one.
"""

from __future__ import annotations

from typing import Any

HOOK_MOTIF = [
    {"note": 67, "start_time": 0.0, "duration": 0.5},
    {"note": 70, "start_time": 0.5, "duration": 0.5},
    {"note": 72, "start_time": 1.0, "duration": 0.75},
    {"note": 67, "start_time": 1.75, "duration": 1.25},
]

WEEKLY_CHALLENGES: tuple[dict[str, Any], ...] = (
    {
        "slug": "808-night-shift",
        "title": "808 Night Shift",
        "brief": (
            "A late-night trap beat in C minor: a melody that sticks, an 808 that slides and drums that bounce. "
            "Keep it between 4 and 16 bars. Tip: the studio's Arrangement tool (trap, C minor) is a good start."
        ),
        "constraints": {
            "genre": "trap",
            "bpm": {"min": 130, "max": 160},
            "key": "C minor",
            "parts": ["melody", "bass", "drums"],
            "bars": {"min": 4, "max": 16},
        },
        "xp_reward": 300,
        "badge": "Night Shift",
    },
    {
        "slug": "four-chords-of-heartbreak",
        "title": "Four Chords of Heartbreak",
        "brief": (
            "Pop in A minor over the most heartbroken four chords there are: i – VI – III – VII "
            "(Am – F – C – G). One chord per bar or per two bars; 4 to 16 bars."
        ),
        "constraints": {
            "genre": "pop",
            "key": "A minor",
            "progression": ["i", "VI", "III", "VII"],
            "bars": {"min": 4, "max": 16},
        },
        "xp_reward": 300,
        "badge": "Heartbreaker",
    },
    {
        "slug": "lofi-study-loop",
        "title": "Lo-fi Study Loop",
        "brief": "A lo-fi loop to study to: dusty chords and a lazy groove, 70-95 BPM, 4 to 16 bars.",
        "constraints": {
            "genre": "lofi",
            "bpm": {"min": 70, "max": 95},
            "parts": ["chords", "drums"],
            "bars": {"min": 4, "max": 16},
        },
        "xp_reward": 250,
        "badge": "Study Buddy",
    },
    {
        "slug": "hook-hunt",
        "title": "Hook Hunt",
        "brief": (
            "Build a track around this hook: G – Bb – C – G (a minor third up, a tone up, a fourth down), "
            "in eighths, then a dotted eighth and a long note. Play it in any key, in any part; "
            "bring it in from your DAW as a MIDI file."
        ),
        "constraints": {
            "parts": ["melody"],
            "bars": {"min": 4, "max": 32},
            "motif": {"notes": HOOK_MOTIF, "rhythm_tolerance": 0.25},
        },
        "xp_reward": 400,
        "badge": "Hook Hunter",
    },
    {
        "slug": "house-warming",
        "title": "House Warming",
        "brief": "Four to the floor in F minor: chords, a bassline and drums at 120-128 BPM, 8 to 32 bars.",
        "constraints": {
            "genre": "house",
            "bpm": {"min": 120, "max": 128},
            "key": "F minor",
            "parts": ["chords", "bass", "drums"],
            "bars": {"min": 8, "max": 32},
        },
        "xp_reward": 300,
        "badge": "House Keeper",
    },
)
