"""factory_boy factories for the suite."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from tests.conftest import USER_PASSWORD


class UserFactory(factory.django.DjangoModelFactory):
    """A verified user whose password is ``tests.conftest.USER_PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"producer{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = "Test"
    last_name = "Producer"

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or USER_PASSWORD)
        if create:
            self.save()

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=True if extracted is None else extracted
            )
