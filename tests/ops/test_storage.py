"""S3 storage from the environment, and X-Accel-Redirect for files on the volume or in the object store."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.db.models.fields.files import FieldFile
from django.test import override_settings

from coprod.files import file_response
from projects.models import Export

ROOT = Path(__file__).resolve().parents[2]
S3 = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "coprod-media",
            "endpoint_url": "http://minio:9000",
            "access_key": "coprod",
            "secret_key": "not-a-real-secret",
            "region_name": "us-east-1",
            "default_acl": None,
            "querystring_auth": True,
            "addressing_style": "path",
            "signature_version": "s3v4",
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _stored(name: str) -> FieldFile:
    return FieldFile(instance=Export(), field=Export._meta.get_field("file"), name=name)


@override_settings(FILE_SERVING="x-accel-redirect", FILE_ACCEL_PREFIX="/protected-media/")
def test_local_files_are_handed_to_nginx_by_path():
    response = file_response(_stored("private/exports/ab12.wav"), filename="mix.wav", content_type="audio/wav")
    assert response["X-Accel-Redirect"] == "/protected-media/private/exports/ab12.wav"
    assert response["Content-Disposition"] == 'attachment; filename="mix.wav"'
    assert response.content == b""


@override_settings(STORAGES=S3, FILE_SERVING="x-accel-redirect", FILE_ACCEL_S3_PREFIX="/protected-s3/")
def test_s3_files_are_handed_to_nginx_as_a_presigned_path():
    response = file_response(_stored("private/exports/ab12.wav"), filename="mix.wav", content_type="audio/wav")
    target = urlsplit(response["X-Accel-Redirect"])
    assert target.path == "/protected-s3/coprod-media/private/exports/ab12.wav"
    query = parse_qs(target.query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Credential"][0].startswith("coprod/")
    assert len(query["X-Amz-Signature"][0]) == 64
    assert response.content == b""


def test_coprod_storage_s3_configures_django_storages_from_the_environment():
    code = "import django; django.setup(); from django.conf import settings; import json; print(json.dumps(settings.STORAGES['default']))"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPROD_S3")} | {
        "DJANGO_SETTINGS_MODULE": "coprod.settings",
        "COPROD_STORAGE": "s3",
        "COPROD_S3_BUCKET": "tracks",
        "COPROD_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "COPROD_S3_ACCESS_KEY_ID": "key-id",
        "COPROD_S3_SECRET_ACCESS_KEY": "secret",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    import json

    default = json.loads(out.stdout)
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "tracks"
    assert default["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert default["OPTIONS"]["access_key"] == "key-id"
    assert default["OPTIONS"]["default_acl"] is None
    assert default["OPTIONS"]["signature_version"] == "s3v4"


def test_an_unknown_storage_is_refused_at_startup():
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "coprod.settings", "COPROD_STORAGE": "ftp"}
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert "COPROD_STORAGE must be local or s3" in out.stderr


def _read_as_asgi(response) -> list[bytes]:
    """The blocks of ``response`` read as Django's ASGI handler reads them, any warning an error."""

    async def read_all() -> list[bytes]:
        return [block async for block in response]

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        blocks = asyncio.run(read_all())
    response.close()
    return blocks


@override_settings(FILE_SERVING="django")
def test_a_file_streams_to_an_asgi_server_block_by_block_without_a_warning(tmp_path, settings):
    """Django's ASGI handler reads ``__aiter__``: the file must come in blocks, not as one list (which
    Django announces with a warning and which held a whole WAV in memory per download)."""
    settings.MEDIA_ROOT = str(tmp_path)
    payload = os.urandom(3 * 8192 + 123)
    (tmp_path / "private" / "exports").mkdir(parents=True)
    (tmp_path / "private" / "exports" / "ab12.wav").write_bytes(payload)
    response = file_response(_stored("private/exports/ab12.wav"), filename="mix.wav", content_type="audio/wav")

    blocks = _read_as_asgi(response)
    assert b"".join(blocks) == payload
    assert len(blocks) > 1  # streamed in blocks


def test_static_files_stream_to_an_asgi_server_without_a_warning(rf):
    """WhiteNoise's responses under uvicorn: the same block-by-block stream (its own warned per file)."""
    from django.http import HttpResponse

    from coprod.static import StaticFilesMiddleware

    middleware = StaticFilesMiddleware(lambda request: HttpResponse(status=404))
    response = middleware(rf.get("/static/css/studio.css"))
    assert response.status_code == 200

    blocks = _read_as_asgi(response)
    assert b"".join(blocks) == (ROOT / "static" / "css" / "studio.css").read_bytes()
