"""Tracks (v1 full tracks) listed on the marketplace: only your own; stem packs copy the stored files."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from generation.models import Track, TrackFile
from marketplace.models import Listing
from tests.marketplace.test_purchases import _build_pack, _download
from tests.projects.test_exports import _generation

pytestmark = pytest.mark.django_db


def _track(owner, title="Midnight Song"):
    generation = _generation(owner)
    track = Track.objects.create(
        generation=generation,
        owner=owner,
        title=title,
        metadata={"genre": "pop"},
        lyrics={"text": "city lights"},
        expires_at=timezone.now() + timedelta(days=365),
    )
    for kind, stem, fmt, data in (
        (TrackFile.Kind.STEM, "drums", "wav", b"RIFF-drums"),
        (TrackFile.Kind.STEM, "vocals", "wav", b"RIFF-vocals"),
        (TrackFile.Kind.AUDIO, "", "mp3", b"ID3-mix"),
        (TrackFile.Kind.CHART, "", "pdf", b"%PDF-chart"),
    ):
        row = TrackFile(track=track, kind=kind, stem=stem, format=fmt, size_bytes=len(data))
        row.file.save(f"x.{fmt}", ContentFile(data), save=False)
        row.save()
    return track


def test_a_track_as_a_stem_pack_copies_its_stems_and_mix(seller_client, seller):
    track = _track(seller)

    response = seller_client.post(
        "/api/marketplace",
        {"kind": "stem_pack", "title": "Song stems", "price_cents": 0, "track_ids": [track.public_id]},
        format="json",
    )

    assert response.status_code == 201, response.content
    listing_id = response.json()["data"]["id"]
    assert list(Listing.objects.get(pk=listing_id).tracks.all()) == [track]
    assert response.json()["data"]["preview_url"] == f"/api/marketplace/{listing_id}/preview"
    preview = seller_client.get(f"/api/marketplace/{listing_id}/preview")
    assert preview.status_code == 200, preview.content
    assert b"".join(preview.streaming_content) == b"ID3-mix"
    _build_pack(listing_id)
    seller.subscription_tier = "pro"  # the seller of a stem pack downloads it on a plan with stems
    seller.save(update_fields=["subscription_tier"])
    _, data = _download(seller_client, listing_id)
    archive = zipfile.ZipFile(io.BytesIO(data))
    folder = f"{track.public_id}-midnight-song"
    assert archive.read(f"{folder}/stems/drums-wav.wav") == b"RIFF-drums"
    assert archive.read(f"{folder}/stems/vocals-wav.wav") == b"RIFF-vocals"
    assert archive.read(f"{folder}/mix-mp3.mp3") == b"ID3-mix"
    assert f"{folder}/lyrics.json" in archive.namelist()
    assert f"{folder}/chart-pdf.pdf" not in archive.namelist()


def test_a_track_as_a_template_has_its_midi_parts_and_charts(seller_client, seller):
    track = _track(seller)

    response = seller_client.post(
        "/api/marketplace",
        {"kind": "template", "title": "Song template", "price_cents": 0, "track_ids": [track.public_id]},
        format="json",
    )

    _build_pack(response.json()["data"]["id"])
    _, data = _download(seller_client, response.json()["data"]["id"])
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    folder = f"{track.public_id}-midnight-song"
    assert {f"{folder}/full.mid", f"{folder}/parts/melody.mid", f"{folder}/chart-pdf.pdf"} <= names
    assert not any("/stems/" in name for name in names)


def test_only_your_own_tracks(seller_client, buyer):
    theirs = _track(buyer)

    response = seller_client.post(
        "/api/marketplace",
        {"kind": "midi_pack", "title": "Stolen", "price_cents": 0, "track_ids": [theirs.public_id]},
        format="json",
    )
    bad = seller_client.post(
        "/api/marketplace",
        {"kind": "midi_pack", "title": "Bad", "price_cents": 0, "track_ids": ["gen_1"]},
        format="json",
    )

    assert response.status_code == 404
    assert bad.status_code == 400 and list(bad.json()["details"]) == ["track_ids"]
    assert Listing.objects.count() == 0
