"""Output safety: ZIP entry names, Content-Disposition, no HTML from user text in the JS, the CSP,
and production settings that pass ``manage.py check --deploy``."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from generation.engine import tools
from generation.models import Generation
from projects.models import Export, Project
from tests.conftest import USER_PASSWORD
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _generation(user, **fields):
    result = tools.generate("melody", tools.validate_parameters("melody", {}), seed=3)
    values = {
        "owner": user,
        "tool": "melody",
        "parameters": {},
        "seed": 3,
        "status": "completed",
        "result": result,
        "genre": result["genre"],
    }
    return Generation.objects.create(**(values | fields))


@pytest.mark.django_db
def test_zip_entry_names_are_slugged(user):
    from projects.exports import export_build

    project = Project.objects.create(owner=user, name="../../escape")
    generation = _generation(user, project=project)
    generation.result["parts"][0]["name"] = "../../../etc/evil"
    generation.save()
    export = Export.objects.create(owner=user, type="zip_project", project=project)

    content, _, _ = export_build(export, lambda progress, stage: None)
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert f"{generation.public_id}-melody/parts/etcevil.mid" in names
    assert all(".." not in name and not name.startswith("/") for name in names), names


@pytest.mark.django_db
def test_content_disposition_is_quoted_by_djangos_helper(auth_client, user):
    from django.core.files.base import ContentFile

    generation = _generation(user, genre='lo"fi; x=1')
    generation.midi.save("result.mid", ContentFile(b"MThd"), save=True)
    response = auth_client.get(f"/api/generate/{generation.pk}/midi")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="lo\\"fi;-x=1-melody-')


def test_the_js_never_inserts_html():
    for script in sorted((ROOT / "static" / "js").glob("*.js")):
        source = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"):
            assert sink not in source, f"{script.name} uses {sink}"


# A script element without src= is inline, unless it is a JSON data block (never executed).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
_INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
_INLINE_STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "signed_in"),
    [
        ("/", True),
        ("/pricing/", True),
        ("/accounts/login/", False),
        ("/accounts/signup/", False),
        ("/accounts/password/reset/", False),
        ("/studio/", True),
        ("/vault/", True),
        ("/projects/", True),
        ("/account/", True),
        ("/account/dashboard/", True),
        ("/account/notifications/", True),
    ],
)
def test_pages_carry_a_csp_and_no_inline_script_or_style(url, signed_in):
    user = UserFactory()
    browser = Client()
    if signed_in:
        browser.login(email=user.email, password=USER_PASSWORD)
    response = browser.get(url)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    html = response.content.decode()
    assert not _INLINE_SCRIPT.search(html)
    assert not _INLINE_HANDLER.search(html)
    assert not _INLINE_STYLE.search(html)


@pytest.mark.django_db
def test_swagger_ui_script_is_a_file_of_ours(client):
    html = client.get("/api/docs/").content.decode()
    assert not _INLINE_SCRIPT.search(html)
    assert client.get("/api/docs/?script=").status_code == 200


def test_production_settings_pass_check_deploy_and_email_https_links():
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "COPROD_", "ACCOUNT_"))
    } | {
        "DJANGO_SETTINGS_MODULE": "coprod.settings",
        "COPROD_ENV": "production",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
        "DJANGO_ALLOWED_HOSTS": "coprod.example.com",
    }
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "System check identified no issues" in check.stdout
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.ACCOUNT_DEFAULT_HTTP_PROTOCOL, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.stdout.split() == ["https", "True", "True", "True", "31536000"], probe.stderr
