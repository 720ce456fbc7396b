from django.urls import path

from hearth.letters import views

app_name = "letters"
urlpatterns = [
    path("people/<int:pk>/letters/<str:code>/<int:record_id>/", views.send, name="send"),
    path("letters/templates/", views.templates, name="templates"),
    path("letters/templates/<str:code>/download/", views.template_download, name="template_download"),
    path("letters/templates/<str:code>/new/", views.template_new, name="template_new"),
]
