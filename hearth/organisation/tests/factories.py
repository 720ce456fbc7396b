from __future__ import annotations

import factory

from hearth.organisation.models import Service, StaffUser, Team
from hearth.organisation.roles import Role

# One pre-computed Argon2 hash shared by test users keeps tests fast; the password is "test-password-123".
TEST_PASSWORD = "test-password-123"  # noqa: S105


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Service {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    service = factory.SubFactory(ServiceFactory)


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffUser
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Worker Number{n}")
    role = Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        from hearth.organisation.tests import password_hash

        self.password = password_hash()
        if create:
            self.save(update_fields=["password"])
