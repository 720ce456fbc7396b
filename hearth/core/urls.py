from django.urls import path

from hearth.core import views

app_name = "core"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("health/", views.health, name="health"),
    path("health/ready/", views.ready, name="ready"),
    path("drafts/", views.drafts, name="drafts"),
    path("drafts/discard/", views.draft_discard, name="draft_discard"),
    path("rules/", views.rules, name="rules"),
]
