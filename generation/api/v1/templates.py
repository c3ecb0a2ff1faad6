"""v1 template endpoints: the catalogue (4.1), one template (4.2), its preview, and generate-from-template (1.2)."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.envelopes import v1_response
from coprod.api.errors import ParameterError
from coprod.api.views import ApiView
from coprod.files import FILE_RETRY_AFTER_SECONDS, file_response

from ... import template_selectors, template_services
from . import group_serializers as g
from . import serializers as s
from .views import TAGS, _generated

TRUE_WORDS, FALSE_WORDS = ("true", "1", "yes"), ("false", "0", "no")
MAX_FILTER_LENGTH = 100


def _text_param(request: Request, name: str) -> str | None:
    raw = request.query_params.get(name)
    if raw is None or not raw.strip():
        return None
    if len(raw) > MAX_FILTER_LENGTH:
        raise ParameterError(name, raw[:32], f"at most {MAX_FILTER_LENGTH} characters")
    return raw.strip()


def _bool_param(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise ParameterError(name, raw[:32], "true or false")


class TemplateListView(ApiView):
    """Templates (section 4.1): filtered by category, subcategory, search, ai_model and has_lyrics."""

    @extend_schema(
        operation_id="v1_templates_list",
        parameters=[
            OpenApiParameter("category", str),
            OpenApiParameter("subcategory", str),
            OpenApiParameter("search", str, description="in name and description"),
            OpenApiParameter("ai_model", str, description="a compatible model, e.g. coprod_v1"),
            OpenApiParameter("has_lyrics", bool),
        ],
        responses={200: s.envelope("V1TemplateList", g.TemplateList())},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        queryset, categories = template_selectors.templates_filter(
            category=_text_param(request, "category"),
            subcategory=_text_param(request, "subcategory"),
            search=_text_param(request, "search"),
            ai_model=_text_param(request, "ai_model"),
            has_lyrics=_bool_param(request, "has_lyrics"),
        )
        templates = [template_selectors.template_summary(template=t, request=request) for t in queryset]
        data = {"templates": templates, "categories": categories, "total_templates": len(templates)}
        return v1_response(request, data, "Templates retrieved successfully")


class TemplateDetailView(ApiView):
    """One template's full definition (section 4.2): parameters, customizations and ranges, preview."""

    @extend_schema(
        operation_id="v1_template_get", responses={200: s.envelope("V1Template", g.TemplateDetail())}, tags=TAGS
    )
    def get(self, request: Request, template_id: str) -> Response:
        template = template_selectors.template_get(public_id=template_id)
        data = template_selectors.template_detail(template=template, request=request)
        return v1_response(request, data, "Template retrieved successfully")


class TemplatePreviewView(ApiView):
    """The template's 8-bar MP3 preview; ``202`` with ``Retry-After`` while a worker renders it."""

    @extend_schema(
        operation_id="v1_template_preview",
        responses={
            (200, "audio/mpeg"): OpenApiTypes.BINARY,
            202: s.envelope("V1TemplatePreviewPending", g.TemplatePreviewPending()),
        },
        tags=TAGS,
    )
    def get(self, request: Request, template_id: str) -> HttpResponseBase:
        template = template_selectors.template_get(public_id=template_id)
        if template_services.template_preview_current(template):
            return file_response(
                template.preview, filename=f"{template.public_id}.mp3", content_type="audio/mpeg", as_attachment=False
            )
        template_services.template_preview_request(template=template)
        data = {
            "template_id": template.public_id,
            "preview_status": "rendering",
            "retry_after": FILE_RETRY_AFTER_SECONDS,
        }
        headers = {"Retry-After": str(FILE_RETRY_AFTER_SECONDS)}
        return v1_response(request, data, "The preview is being rendered; ask again shortly", 202, headers)


class GenerateFromTemplateView(ApiView):
    """Generate a full track from a template with the customizations it allows (section 1.2)."""

    @extend_schema(
        operation_id="v1_generate_from_template",
        request=g.GenerateFromTemplateRequest,
        responses={202: s.envelope("V1GeneratedFromTemplate", g.GeneratedFromTemplate())},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        generation, template = template_services.template_generation_start(
            owner=self.user_of(request), request=request.data
        )
        data = {**_generated(generation), "template_id": template.public_id}
        return v1_response(request, data, "Music generation queued successfully", status=202)
