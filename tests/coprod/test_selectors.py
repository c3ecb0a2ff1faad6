"""``owned_or_404``: the owner gets the object; everyone and everything else gets the same 404."""

from __future__ import annotations

import pytest
from django.http import Http404

from accounts.models import ApiKey
from coprod.selectors import owned_or_404
from generation.models import Generation
from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(user):
    return Project.objects.create(owner=user, name="Night drive")


@pytest.mark.parametrize("as_given", ["int", "str", "padded", "float"])
def test_owner_gets_the_object_by_any_spelling_of_its_id(user, project, as_given):
    pk = {"int": project.pk, "str": str(project.pk), "padded": f" {project.pk} ", "float": float(project.pk)}[as_given]
    assert owned_or_404(Project.objects.all(), owner=user, pk=pk) == project


def test_another_users_object_is_a_404(other_user, project):
    with pytest.raises(Http404):
        owned_or_404(Project.objects.all(), owner=other_user, pk=project.pk)


@pytest.mark.parametrize("pk", [None, "", "abc", True, 1.5, -1, 0, "-1", "1e3", "١", "9" * 5000, 2**63, {"id": 1}, [1]])
def test_malformed_ids_are_a_404_not_a_500(user, project, pk):
    with pytest.raises(Http404):
        owned_or_404(Project.objects.all(), owner=user, pk=pk)


def test_owner_field_names_the_owning_column(user, other_user):
    key = ApiKey.objects.create(user=user, name="daw", prefix="cp_abc", key_hash="x" * 64)
    assert owned_or_404(ApiKey.objects.all(), owner=user, pk=key.pk, owner_field="user") == key
    with pytest.raises(Http404):
        owned_or_404(ApiKey.objects.all(), owner=other_user, pk=key.pk, owner_field="user")


def test_public_ids_are_looked_up_only_with_their_prefix(user, other_user):
    generation = Generation.objects.create(owner=user, tool="melody", parameters={}, seed=1)
    assert generation.public_id.startswith("gen_")
    found = owned_or_404(Generation.objects.all(), owner=user, pk=generation.public_id, public_id_prefix="gen_")
    assert found == generation
    with pytest.raises(Http404):
        owned_or_404(Generation.objects.all(), owner=other_user, pk=generation.public_id, public_id_prefix="gen_")
    with pytest.raises(Http404):  # without the prefix a public id is just a malformed integer id
        owned_or_404(Generation.objects.all(), owner=user, pk=generation.public_id)


def test_v1_objects_are_found_by_public_id_only(user, other_user):
    from coprod.selectors import owned_public_or_404

    generation = Generation.objects.create(owner=user, tool="melody", parameters={}, seed=1)
    assert owned_public_or_404(Generation.objects.all(), owner=user, public_id=generation.public_id) == generation
    for public_id in (generation.pk, str(generation.pk), None, ["gen_"]):
        with pytest.raises(Http404):
            owned_public_or_404(Generation.objects.all(), owner=user, public_id=public_id)
    with pytest.raises(Http404):
        owned_public_or_404(Generation.objects.all(), owner=other_user, public_id=generation.public_id)
