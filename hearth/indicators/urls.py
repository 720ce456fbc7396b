from django.urls import path

from hearth.indicators import views

app_name = "indicators"
urlpatterns = [
    path("performance/", views.dashboard, name="dashboard"),
    path("performance/freeze/", views.freeze, name="freeze"),
    path("performance/benchmarks/", views.benchmark, name="benchmarks"),
    path("performance/<slug:key>/", views.indicator, name="indicator"),
    path("performance/<slug:key>/children/", views.children, name="children"),
]
