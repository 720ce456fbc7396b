from django.urls import path

from hearth.organisation import tasks_views

app_name = "tasks"
urlpatterns = [
    path("background-work/failed/", tasks_views.failed_tasks, name="failed"),
    path("background-work/failed/<uuid:task_id>/again/", tasks_views.task_again, name="again"),
]
