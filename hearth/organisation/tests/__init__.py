from functools import cache


@cache
def password_hash() -> str:
    from django.contrib.auth.hashers import make_password

    from hearth.organisation.tests.factories import TEST_PASSWORD

    return make_password(TEST_PASSWORD)
