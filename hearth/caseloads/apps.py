from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "hearth.caseloads"
    label = "caseloads"
    verbose_name = "Caseloads: who holds each child, the unallocated queue and the allocation meeting"
