"""v1 templates: the seeded catalogue, every filter of 4.1, the 4.2 detail, previews rendered lazily and
cached, and generate-from-template refusing what a template does not allow."""

from __future__ import annotations

import pytest

from generation.models import Generation, Template, TemplatePreviewStatus
from generation.template_services import template_preview_render, templates_seed


@pytest.fixture
def catalogue(db):
    templates_seed()


def _data(response, status=200):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is True
    return body["data"]


def test_seeding_is_idempotent_and_keeps_staff_edits(catalogue):
    Template.objects.filter(public_id="ai_template_001").update(name="Edited by staff")
    assert templates_seed() == (0, 0)
    assert Template.objects.count() == 45
    assert Template.objects.get(public_id="ai_template_001").name == "Edited by staff"
    assert templates_seed(update=True) == (0, 45)
    assert Template.objects.get(public_id="ai_template_001").name == "AI Synthwave Generator"


def test_the_list_has_every_template_its_categories_and_total(catalogue, auth_client):
    data = _data(auth_client.get("/v1/ai/templates"))
    assert data["total_templates"] == 45 == len(data["templates"])
    assert sum(c["count"] for c in data["categories"]) == 45
    assert data["categories"][0] == {"name": "electronic", "count": 12}
    first = data["templates"][0]
    assert first["popularity"] == max(t["popularity"] for t in data["templates"])
    assert set(first) >= {"template_id", "name", "description", "category", "subcategory", "ai_model", "has_lyrics"}
    assert first["preview_url"].endswith(f"/v1/ai/templates/{first['template_id']}/preview")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=rock", {"ai_template_027", "ai_template_028", "ai_template_029", "ai_template_030"}),
        ("category=electronic&subcategory=techno", {"ai_template_005", "ai_template_006"}),
        ("subcategory=trap", {"ai_template_013", "ai_template_014"}),
        ("search=orchestral", {"ai_template_039", "ai_template_040"}),
        ("search=RAIN", {"ai_template_044"}),
        ("category=latin&has_lyrics=true", {"ai_template_034", "ai_template_035"}),
        ("category=jazz&has_lyrics=false", {"ai_template_031", "ai_template_032", "ai_template_033"}),
        ("ai_model=kie_v4", set()),
        ("category=polka", set()),
    ],
)
def test_each_filter(catalogue, auth_client, query, expected):
    data = _data(auth_client.get(f"/v1/ai/templates?{query}"))
    assert {t["template_id"] for t in data["templates"]} == expected
    assert data["total_templates"] == len(expected)


def test_ai_model_and_has_lyrics_filters_count_exactly(catalogue, auth_client):
    assert _data(auth_client.get("/v1/ai/templates?ai_model=coprod_v1"))["total_templates"] == 45
    with_lyrics = _data(auth_client.get("/v1/ai/templates?has_lyrics=true"))
    assert with_lyrics["total_templates"] == 18 and all(t["has_lyrics"] for t in with_lyrics["templates"])
    # Category counts follow the other filters, not the category one.
    assert {"name": "rnb", "count": 2} in with_lyrics["categories"]
    rock = _data(auth_client.get("/v1/ai/templates?category=rock"))
    assert sum(c["count"] for c in rock["categories"]) == 45


def test_a_bad_has_lyrics_is_a_validation_error(catalogue, auth_client):
    response = auth_client.get("/v1/ai/templates?has_lyrics=maybe")
    assert response.status_code == 400
    assert response.json()["error"]["details"]["parameter"] == "has_lyrics"


def test_the_detail_has_parameters_customizations_preview_models_and_lyrics(catalogue, auth_client):
    data = _data(auth_client.get("/v1/ai/templates/ai_template_001"))
    assert data["parameters"]["subgenre"] == "synthwave" and data["parameters"]["tempo"] == 118
    assert data["customizations"]["tempo"] == {"type": "range", "min": 90, "max": 130, "default": 118}
    assert data["customizations"]["lyrics.theme"]["default"] == "cyberpunk_city"
    assert data["compatible_models"] == ["coprod_v1"]
    assert data["lyric_support"]["supported"] is True and data["lyric_support"]["languages"] == ["en"]
    assert data["preview"]["status"] == "none" and data["preview"]["bars"] == 8

    missing = auth_client.get("/v1/ai/templates/ai_template_999")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"


def test_the_preview_is_rendered_once_then_served(catalogue, auth_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        pending = auth_client.get("/v1/ai/templates/ai_template_018/preview")
    assert pending.status_code == 202 and pending["Retry-After"] == "2"
    assert pending.json()["data"]["preview_status"] == "rendering"
    assert len(queued) == 1
    with django_capture_on_commit_callbacks() as again:
        auth_client.get("/v1/ai/templates/ai_template_018/preview")
    assert again == []  # already rendering: not queued twice

    template = Template.objects.get(public_id="ai_template_018")
    assert template_preview_render(template_id=template.pk) == TemplatePreviewStatus.READY
    served = auth_client.get("/v1/ai/templates/ai_template_018/preview")
    assert served.status_code == 200 and served["Content-Type"] == "audio/mpeg"
    assert b"".join(served.streaming_content)[:2] == b"\xff\xfb"  # an MPEG-1 layer III frame
    detail = _data(auth_client.get("/v1/ai/templates/ai_template_018"))
    assert detail["preview"]["status"] == "ready" and detail["preview"]["duration"] == round(8 * 240 / 82 + 1, 3)

    # Staff change the parameters: the preview is stale and the next request renders it again.
    template.refresh_from_db()
    template.parameters = {**template.parameters, "tempo": 80}
    template.save()
    assert _data(auth_client.get("/v1/ai/templates/ai_template_018"))["preview"]["status"] == "none"
    with django_capture_on_commit_callbacks() as rerender:
        assert auth_client.get("/v1/ai/templates/ai_template_018/preview").status_code == 202
    assert len(rerender) == 1


SPEC_EXAMPLE = {
    "template_id": "ai_template_001",
    "customizations": {"tempo": 125, "key": "D_minor", "duration": 240, "lyrics": {"theme": "digital_love"}},
    "metadata": {"title": "Custom Synthwave Track", "tags": ["custom", "synthwave", "ai_generated"]},
}


def test_the_spec_example_queues_a_full_track_with_the_customizations(catalogue, auth_client, user):
    data = _data(auth_client.post("/v1/ai/generate-from-template", SPEC_EXAMPLE, format="json"), 202)
    assert data["template_id"] == "ai_template_001" and data["status"] == "queued"
    assert data["track_preview"] == {
        "title": "Custom Synthwave Track",
        "estimated_duration": 240.0,
        "formats": ["wav", "mp3", "midi"],
    }
    generation = Generation.objects.get(public_id=data["generation_id"])
    assert generation.tool == "track" and generation.metadata["template_id"] == "ai_template_001"
    params = generation.parameters
    assert (params["tempo"], params["key"], params["duration"]) == (125, "D_minor", 240)
    assert params["lyrics"]["theme"] == "digital_love" and params["lyrics"]["enabled"] is True
    assert params["subgenre"] == "synthwave" and [i["name"] for i in params["primary_instruments"]] == [
        "synth_bass",
        "drum_machine",
        "arpeggiator",
    ]
    assert Template.objects.get(public_id="ai_template_001").use_count == 1


@pytest.mark.parametrize(
    ("customizations", "parameter", "constraint"),
    [
        ({"tempo": 150}, "tempo", "90-130"),
        ({"tempo": "fast"}, "tempo", "90-130"),
        ({"duration": 20}, "duration", "30-300"),
        ({"mood": "aggressive"}, "mood", "one of: nostalgic, dreamy, dark, energetic"),
        ({"key": "C_major"}, "key", None),
        ({"genre": "rock"}, "genre", None),
        ({"primary_instruments": ["piano"]}, "primary_instruments", None),
        ({"lyrics": {"style": "shouting"}}, "lyrics.style", None),
        ({"lyrics": {"enabled": False}}, "lyrics.enabled", None),
        ({"output_formats": ["aiff"]}, "output_formats", None),
    ],
)
def test_customizations_outside_what_the_template_allows_are_refused(
    catalogue, auth_client, customizations, parameter, constraint
):
    body = {"template_id": "ai_template_001", "customizations": customizations}
    response = auth_client.post("/v1/ai/generate-from-template", body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and error["details"]["parameter"] == parameter
    if constraint is not None:
        assert error["details"]["constraint"] == constraint
    assert not Generation.objects.exists()
    assert Template.objects.get(public_id="ai_template_001").use_count == 0


def test_an_instrumental_template_refuses_lyrics_and_an_unknown_template_is_404(catalogue, auth_client):
    response = auth_client.post(
        "/v1/ai/generate-from-template",
        {"template_id": "ai_template_002", "customizations": {"lyrics": {"theme": "love"}}},
        format="json",
    )
    assert response.status_code == 400 and response.json()["error"]["details"]["parameter"] == "lyrics.theme"
    missing = auth_client.post("/v1/ai/generate-from-template", {"template_id": "ai_template_999"}, format="json")
    assert missing.status_code == 404 and missing.json()["error"]["details"]["parameter"] == "template_id"
    assert not Generation.objects.exists()
