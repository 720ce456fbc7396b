from django.urls import path

from hearth.casenotes import views

app_name = "casenotes"
urlpatterns = [
    path("<int:pk>/case-notes/", views.notes, name="notes"),
    path("<int:pk>/case-notes/new/", views.note_new, name="new"),
    path("<int:pk>/case-notes/<int:note_pk>/", views.note, name="note"),
    path("<int:pk>/case-notes/<int:note_pk>/edit/", views.note_edit, name="edit"),
]
