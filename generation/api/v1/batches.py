"""v1 batch endpoints: ``POST /generate-batch`` (section 1.3), the batch resource, the list, cancel."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.envelopes import v1_response
from coprod.api.pagination import paginate_offset
from coprod.api.views import ApiView

from ... import batch_selectors, batch_services
from . import group_serializers as g
from . import serializers as s
from .views import LIST_PARAMETERS, TAGS


class GenerateBatchView(ApiView):
    """Variations of base parameters, made at most ``concurrent_generations`` at a time."""

    @extend_schema(
        operation_id="v1_generate_batch",
        request=g.BatchRequest,
        responses={202: s.envelope("V1BatchStarted", g.BatchStarted())},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        batch = batch_services.batch_start(owner=self.user_of(request), request=request.data)
        full = batch_selectors.batch_data(batch=batch)
        data = {key: full[key] for key in ("batch_id", "generation_ids", "status", "completed", "total")}
        return v1_response(request, data, "Batch generation started successfully", status=202)


class BatchListView(ApiView):
    """The caller's batches, newest first, paged like section 2.2 (``limit`` 1-100, default 20; ``offset``)."""

    @extend_schema(
        operation_id="v1_batches_list",
        parameters=LIST_PARAMETERS,
        responses={200: s.envelope("V1BatchList", g.BatchList())},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        owned = batch_selectors.batch_list(user=self.user_of(request))
        batches, pagination = paginate_offset(owned, request.query_params)
        data = {"batches": [batch_selectors.batch_data(batch=b) for b in batches], "pagination": pagination}
        return v1_response(request, data, "Batches retrieved successfully")


class BatchDetailView(ApiView):
    """A batch: status, completed / total and each generation with its variation."""

    @extend_schema(operation_id="v1_batch_get", responses={200: s.envelope("V1Batch", g.BatchDetail())}, tags=TAGS)
    def get(self, request: Request, batch_id: str) -> Response:
        batch = batch_selectors.batch_get(user=self.user_of(request), public_id=batch_id)
        return v1_response(request, batch_selectors.batch_data(batch=batch), "Batch retrieved successfully")


class BatchCancelView(ApiView):
    """Cancel a batch: every generation of it not finished is cancelled (409 once the batch has ended)."""

    @extend_schema(
        operation_id="v1_batch_cancel",
        request=None,
        responses={200: s.envelope("V1BatchCancelled", g.BatchCancelled())},
        tags=TAGS,
    )
    def post(self, request: Request, batch_id: str) -> Response:
        batch = batch_selectors.batch_get(user=self.user_of(request), public_id=batch_id)
        previous = batch.status
        cancelled = batch_services.batch_cancel(batch=batch)
        data = {
            "batch_id": batch.public_id,
            "previous_status": previous,
            "new_status": batch.status,
            "cancelled_generation_ids": [generation.public_id for generation in cancelled],
            "cancelled_at": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        return v1_response(request, data, "Batch cancelled successfully")
