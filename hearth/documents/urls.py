from django.urls import path

from hearth.documents.views import (
    add,
    document,
    documents,
    download,
    new_version,
    remove,
    restrict,
    type_edit,
    types,
)

app_name = "documents"
urlpatterns = [
    path("people/<int:pk>/documents/", documents, name="documents"),
    path("people/<int:pk>/documents/add/", add, name="add"),
    path("people/<int:pk>/documents/<int:document_pk>/", document, name="document"),
    path("people/<int:pk>/documents/<int:document_pk>/download/", download, name="download"),
    path(
        "people/<int:pk>/documents/<int:document_pk>/versions/<int:number>/download/",
        download,
        name="download_version",
    ),
    path("people/<int:pk>/documents/<int:document_pk>/new-version/", new_version, name="new_version"),
    path("people/<int:pk>/documents/<int:document_pk>/remove/", remove, name="remove"),
    path("people/<int:pk>/documents/<int:document_pk>/restrict/", restrict, name="restrict"),
    path("documents/types/", types, name="types"),
    path("documents/types/new/", type_edit, name="type_new"),
    path("documents/types/<int:type_pk>/", type_edit, name="type_edit"),
]
