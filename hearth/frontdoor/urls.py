from django.urls import path

from hearth.frontdoor import notification_views, views

app_name = "frontdoor"
urlpatterns = [
    path("front-door/", views.queue, name="queue"),
    path("front-door/notifications/", notification_views.queue, name="notifications"),
    path("front-door/notifications/new/", notification_views.new, name="new_notification"),
    path("front-door/notifications/<int:notification_pk>/", notification_views.detail, name="notification"),
    path("people/<int:pk>/contacts/new/", views.new_contact, name="new_contact"),
    path("people/<int:pk>/contacts/<int:contact_pk>/", views.screen, name="screen"),
    path("people/<int:pk>/contacts/<int:contact_pk>/concern/", views.contact_correct, name="contact_correct"),
]
