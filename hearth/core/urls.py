from django.urls import path

from hearth.core import signin_views, views

app_name = "core"
urlpatterns = [
    path("login/", signin_views.login_view, name="login"),
    path("login/code/", signin_views.second_factor_view, name="second_factor"),
    path("login/set-up/", signin_views.second_factor_set_up, name="second_factor_set_up"),
    path("login/passkey/options/", signin_views.passkey_sign_in_options, name="passkey_sign_in_options"),
    path("login/passkey/", signin_views.passkey_sign_in, name="passkey_sign_in"),
    path("account/sign-in/", signin_views.account_sign_in, name="account_sign_in"),
    path("account/sign-in/app/", signin_views.account_app, name="account_app"),
    path(
        "account/sign-in/recovery-codes/", signin_views.account_recovery_codes, name="account_recovery_codes"
    ),
    path(
        "account/sign-in/passkeys/options/",
        signin_views.account_passkey_options,
        name="account_passkey_options",
    ),
    path("account/sign-in/passkeys/", signin_views.account_passkey_add, name="account_passkey_add"),
    path(
        "account/sign-in/passkeys/remove/", signin_views.account_passkey_remove, name="account_passkey_remove"
    ),
    path("logout/", views.logout_view, name="logout"),
    path("health/", views.health, name="health"),
    path("health/ready/", views.ready, name="ready"),
    path("drafts/", views.drafts, name="drafts"),
    path("drafts/discard/", views.draft_discard, name="draft_discard"),
    path("rules/", views.rules, name="rules"),
]
