from django.urls import include, path

urlpatterns = [
    path("", include("hearth.core.urls")),
    path("", include("hearth.worklists.urls")),
    path("people/", include("hearth.people.urls")),
    path("people/", include("hearth.childrecord.urls")),
    path("people/", include("hearth.chronology.urls")),
    path("people/", include("hearth.organisation.urls")),
    path("people/", include("hearth.caseloads.urls")),
    path("", include("hearth.frontdoor.urls")),
    path("people/", include("hearth.children_in_need.urls")),
    path("people/", include("hearth.plans.urls")),
    path("", include("hearth.visits.urls")),
    path("people/", include("hearth.casenotes.urls")),
    path("", include("hearth.protection.urls")),
    path("", include("hearth.quality.urls")),
    path("", include("hearth.earlyhelp.urls")),
    path("returns/", include("hearth.returns.urls")),
    path("", include("hearth.supervision.urls")),
    path("", include("hearth.signoff.urls")),
    path("", include("hearth.documents.urls")),
    path("", include("hearth.organisation.tasks_urls")),
]
