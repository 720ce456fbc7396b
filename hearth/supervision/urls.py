from django.urls import path

from hearth.supervision import views

app_name = "supervision"
urlpatterns = [
    path("supervision/", views.due_list, name="due"),
    path("supervision/record/", views.record, name="record"),
    path("supervision/workers/<int:worker_id>/", views.history, name="history"),
    path("people/<int:pk>/supervision-actions/<int:action_id>/done/", views.action_done, name="action_done"),
]
