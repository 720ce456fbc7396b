"""Child protection pages: each module keeps its own routes (conferences and enquiries; plans, core groups and
visits), joined here under one namespace."""

from hearth.protection import conference_views, plan_views

app_name = "protection"
urlpatterns = [*conference_views.urlpatterns, *plan_views.urlpatterns]
