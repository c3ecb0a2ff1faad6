"""The challenges API: lists by phase, joining, checking and submitting entries, progress, deadlines."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from challenges.models import Participation, Submission, XpAward

from .conftest import make_challenge, make_generation
from .known_midi import known_midi


def _join(client, challenge):
    return client.post(f"/api/challenges/{challenge.pk}/join")


def test_anonymous_callers_get_401(api_client, open_challenge):
    assert api_client.get("/api/challenges").status_code == 401
    assert api_client.post(f"/api/challenges/{open_challenge.pk}/join").status_code == 401


def test_list_by_status_and_joined(auth_client, db):
    challenges = {phase: make_challenge(phase) for phase in ("open", "upcoming", "voting", "closed")}
    make_challenge("open", is_published=False, slug="draft")
    body = auth_client.get("/api/challenges").json()
    assert body["success"] is True
    assert sorted(c["status"] for c in body["data"]) == ["closed", "open", "upcoming", "voting"]
    assert body["pagination"]["total"] == 4
    only_open = auth_client.get("/api/challenges?status=open").json()["data"]
    assert [c["id"] for c in only_open] == [challenges["open"].pk]
    assert only_open[0]["checklist"][0] == {"constraint": "genre", "label": "Genre: trap"}
    assert only_open[0]["joined"] is False
    past = auth_client.get("/api/challenges?status=past").json()["data"]
    assert sorted(c["status"] for c in past) == ["closed", "voting"]
    assert auth_client.get("/api/challenges?joined=true").json()["data"] == []
    _join(auth_client, challenges["upcoming"])
    joined = auth_client.get("/api/challenges?joined=true").json()["data"]
    assert [(c["id"], c["joined"]) for c in joined] == [(challenges["upcoming"].pk, True)]
    bad = auth_client.get("/api/challenges?status=soon")
    assert bad.status_code == 400 and "status" in bad.json()["details"]


def test_join_is_idempotent_and_closed_challenges_refuse(auth_client, user, db):
    challenge = make_challenge("open")
    first = _join(auth_client, challenge)
    assert first.status_code == 201 and first.json()["data"]["joined"] is True
    again = _join(auth_client, challenge)
    assert again.status_code == 200 and again.json()["message"] == "Already joined"
    assert Participation.objects.filter(user=user).count() == 1
    voting = make_challenge("voting")
    refused = _join(auth_client, voting)
    assert refused.status_code == 409
    assert "voting" in refused.json()["details"]
    assert not Participation.objects.filter(user=user, challenge=voting).exists()
    assert auth_client.post("/api/challenges/999999/join").status_code == 404


def test_only_joined_users_submit(auth_client, user, open_challenge):
    generation = make_generation(user)
    response = auth_client.post(
        f"/api/challenges/{open_challenge.pk}/submit", {"generation_id": generation.pk}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"error": "Access denied", "reason": "Join the challenge before submitting"}
    assert Submission.objects.count() == 0
    assert User.objects.get(pk=user.pk).xp_points == 0


def test_a_submission_answers_each_constraint(auth_client, user, open_challenge):
    _join(auth_client, open_challenge)
    generation = make_generation(user)
    response = auth_client.post(
        f"/api/challenges/{open_challenge.pk}/submit", {"generation_id": generation.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert [(r["constraint"], r["passed"]) for r in data["results"]] == [
        ("genre", True),
        ("bpm", True),
        ("key", True),
        ("parts", True),
        ("bars", True),
        ("progression", True),
        ("motif", True),
    ]
    assert (data["constraints_met"], data["constraints_total"], data["passed"], data["replaced"]) == (7, 7, True, False)
    assert response.json()["message"] == "Submitted: 7 of 7 constraints met"
    assert User.objects.get(pk=user.pk).xp_points == 50


def test_resubmission_replaces_and_pays_xp_once(auth_client, user, open_challenge):
    _join(auth_client, open_challenge)
    url = f"/api/challenges/{open_challenge.pk}/submit"
    auth_client.post(url, {"generation_id": make_generation(user).pk}, format="json")
    slow = make_generation(user, bpm=90, genre="lofi")
    response = auth_client.post(url, {"generation_id": slow.public_id}, format="json")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["replaced"] is True
    failed = {r["constraint"]: r["reason"] for r in data["results"] if not r["passed"]}
    assert failed == {
        "genre": "The music is lofi, not trap",
        "bpm": "The tempo is 90 BPM, outside 130-150 BPM",
    }
    submission = Submission.objects.get()
    assert (submission.source_id, submission.eligible, submission.constraints_met) == (slow.pk, False, 5)
    assert User.objects.get(pk=user.pk).xp_points == 50
    assert XpAward.objects.filter(user=user).count() == 1


def test_deadlines_refuse_submissions_outside_the_open_phase(auth_client, user, db):
    generation = make_generation(user)
    for phase in ("upcoming", "voting", "closed"):
        challenge = make_challenge(phase)
        Participation.objects.create(challenge=challenge, user=user)
        response = auth_client.post(
            f"/api/challenges/{challenge.pk}/submit", {"generation_id": generation.pk}, format="json"
        )
        assert response.status_code == 409, phase
        assert response.json()["details"].startswith(f"This challenge is {phase}: you can submit only while it is open")
    assert Submission.objects.count() == 0


def test_a_midi_upload_is_checked_and_a_bad_one_stores_nothing(auth_client, user, open_challenge):
    _join(auth_client, open_challenge)
    url = f"/api/challenges/{open_challenge.pk}/submit"
    upload = SimpleUploadedFile("night.mid", known_midi(), content_type="audio/midi")
    response = auth_client.post(url, {"file": upload, "genre": "trap"}, format="multipart")
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert (data["source"], data["title"], data["constraints_met"]) == ("upload", "night", 7)
    bad = SimpleUploadedFile("broken.mid", b"MThd broken", content_type="audio/midi")
    refused = auth_client.post(url, {"file": bad}, format="multipart")
    assert refused.status_code == 400
    assert list(refused.json()["details"]) == ["file"]
    assert Submission.objects.get().title == "night"


def test_someone_elses_music_is_404_and_one_source_is_required(auth_client, other_user, open_challenge):
    _join(auth_client, open_challenge)
    url = f"/api/challenges/{open_challenge.pk}/submit"
    theirs = make_generation(other_user)
    assert auth_client.post(url, {"generation_id": theirs.pk}, format="json").status_code == 404
    none = auth_client.post(url, {}, format="json")
    assert none.status_code == 400 and list(none.json()["details"]) == ["source"]
    assert Submission.objects.count() == 0


def test_check_answers_without_storing(auth_client, user, open_challenge):
    generation = make_generation(user, bpm=100)
    response = auth_client.post(
        f"/api/challenges/{open_challenge.pk}/check", {"generation_id": generation.pk}, format="json"
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["passed"], data["constraints_met"], data["constraints_total"]) == (False, 6, 7)
    assert Submission.objects.count() == 0 and XpAward.objects.count() == 0


def test_progress_shows_steps_constraints_time_left_and_rank(auth_client, user, other_user, open_challenge):
    url = f"/api/challenges/{open_challenge.pk}/progress"
    before = auth_client.get(url).json()["data"]
    assert (before["joined"], before["steps_done"], before["rank"], before["constraints_total"]) == (False, 0, None, 7)
    assert 5 * 86400 < before["time_left_seconds"] <= 6 * 86400
    Submission.objects.create(
        challenge=open_challenge,
        user=other_user,
        source="upload",
        title="theirs",
        data={},
        constraints_met=7,
        constraints_total=7,
        eligible=True,
    )
    _join(auth_client, open_challenge)
    auth_client.post(
        f"/api/challenges/{open_challenge.pk}/submit",
        {"generation_id": make_generation(user, bpm=100).pk},
        format="json",
    )
    after = auth_client.get(url).json()["data"]
    assert [s["done"] for s in after["steps"]] == [True, True, False, False]
    assert (after["steps_done"], after["constraints_met"], after["rank"], after["entries"]) == (2, 6, 2, 2)
    assert [r["constraint"] for r in after["constraints"] if not r["passed"]] == ["bpm"]


def _upload(client, project=None):
    body = {"file": SimpleUploadedFile("night.mid", known_midi(), content_type="audio/midi")}
    if project is not None:
        body["project_id"] = project.pk
    response = client.post("/api/midi", body, format="multipart")
    assert response.status_code == 201, response.content
    return response.json()["data"]["id"]


def test_a_stored_midi_file_is_read_once_with_parts_named_by_role(auth_client, user, open_challenge):
    from projects.models import Project

    project = Project.objects.create(owner=user, name="Night", genre="trap")
    midi_id = _upload(auth_client, project)
    _join(auth_client, open_challenge)

    response = auth_client.post(f"/api/challenges/{open_challenge.pk}/submit", {"midi_file_id": midi_id}, format="json")

    assert response.status_code == 201, response.content
    data = response.json()["data"]
    # The genre is the file's project's; every constraint passes on the file's own notes.
    assert (data["source"], data["source_id"], data["title"], data["constraints_met"]) == (
        "midi_file",
        midi_id,
        "night",
        7,
    )
    stored = Submission.objects.get().data
    assert [p["name"] for p in stored["parts"]] == ["chords", "bass", "drums", "melody"]
    # The key is read from the notes (the file has no key signature), as the analysis reads it.
    analysis = auth_client.get(f"/api/midi/{midi_id}/analysis").json()["data"]
    assert (stored["key"], stored["scale"], stored["genre"]) == (analysis["key"], analysis["mode"], "trap")


def test_a_project_without_generations_enters_its_latest_midi_file(auth_client, user, open_challenge):
    from projects.models import Project

    project = Project.objects.create(owner=user, name="Night", genre="trap")
    url = f"/api/challenges/{open_challenge.pk}/check"
    empty = auth_client.post(url, {"project_id": project.pk}, format="json")
    assert empty.status_code == 400 and list(empty.json()["details"]) == ["project_id"]

    _upload(auth_client, project)
    checked = auth_client.post(url, {"project_id": project.pk}, format="json")

    assert checked.status_code == 200, checked.content
    assert checked.json()["data"]["constraints_met"] == 7
    declared = auth_client.post(url, {"project_id": project.pk, "genre": "lofi"}, format="json").json()["data"]
    assert declared["constraints_met"] == 6  # the genre declared with MIDI wins over the project's


def test_a_generations_genre_is_its_own_and_a_vault_idea_takes_the_declared_one(auth_client, user, open_challenge):
    from vault.models import Idea

    url = f"/api/challenges/{open_challenge.pk}/check"
    generation = make_generation(user, genre="trap")
    as_lofi = auth_client.post(url, {"generation_id": generation.pk, "genre": "lofi"}, format="json").json()["data"]
    assert as_lofi["constraints_met"] == 7
    idea = Idea.objects.create(owner=user, title="hook", type="arrangement", genre="lofi", data=generation.result)
    as_idea = auth_client.post(url, {"idea_id": idea.pk}, format="json").json()["data"]
    declared = auth_client.post(url, {"idea_id": idea.pk, "genre": "trap"}, format="json").json()["data"]
    assert (as_idea["constraints_met"], declared["constraints_met"]) == (6, 7)
