"""The challenge pages render the brief, the checklist, progress, entries and the leaderboards."""

from __future__ import annotations

from challenges.models import Participation, Submission

from .conftest import make_challenge


def test_list_detail_and_leaderboard_pages(client, user, db):
    challenge = make_challenge("open", title="808 Night Shift")
    make_challenge("upcoming", title="Next Week")
    client.force_login(user)
    listing = client.get("/challenges/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "808 Night Shift" in text and "Next Week" in text and 'href="/challenges/"' in text
    assert "Level 1 · 0 XP" in text

    detail = client.get(f"/challenges/{challenge.pk}/").content.decode()
    assert "Chord progression: i – VI – III – VII" in detail
    assert 'id="join"' in detail and 'id="entry-form"' not in detail
    Participation.objects.create(challenge=challenge, user=user)
    Submission.objects.create(
        challenge=challenge,
        user=user,
        source="upload",
        title="My night",
        data={},
        constraints_met=6,
        constraints_total=7,
        results=[{"constraint": "bpm", "label": "Tempo", "passed": False, "reason": "Too slow"}],
    )
    joined = client.get(f"/challenges/{challenge.pk}/").content.decode()
    assert 'id="entry-form"' in joined and 'id="join"' not in joined
    assert "My night" in joined and 'data-reason="Too slow"' in joined
    assert "<script>" not in joined and "style=" not in joined

    board = client.get("/challenges/leaderboard/")
    assert board.status_code == 200 and "Nobody has XP yet." in board.content.decode()
    assert client.get("/challenges/999999/").status_code == 404
