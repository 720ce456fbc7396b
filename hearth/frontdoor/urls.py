from django.urls import path

from hearth.frontdoor import views

app_name = "frontdoor"
urlpatterns = [
    path("front-door/", views.queue, name="queue"),
    path("people/<int:pk>/contacts/new/", views.new_contact, name="new_contact"),
    path("people/<int:pk>/contacts/<int:contact_pk>/", views.screen, name="screen"),
]
