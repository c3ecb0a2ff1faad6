"""Static files: served by the app without collectstatic and without a warning about STATIC_ROOT;
served from STATIC_ROOT once collectstatic has filled it."""

from __future__ import annotations

import warnings

from django.test import override_settings

from coprod.static import StaticFilesMiddleware


def _middleware(**settings_overrides) -> StaticFilesMiddleware:
    with override_settings(WHITENOISE_AUTOREFRESH=False, WHITENOISE_USE_FINDERS=True, **settings_overrides):
        return StaticFilesMiddleware(lambda request: None)


def test_a_static_root_not_collected_yet_is_no_warning_and_the_finders_serve_the_files(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # WhiteNoise warned "No directory at: .../staticfiles/"
        middleware = _middleware(STATIC_ROOT=str(tmp_path / "not-collected"))

    assert "/static/css/app.css" in middleware.files


def test_a_collected_static_root_is_served(tmp_path):
    (tmp_path / "collected-only.txt").write_text("from collectstatic")

    middleware = _middleware(STATIC_ROOT=str(tmp_path))

    assert "/static/collected-only.txt" in middleware.files
