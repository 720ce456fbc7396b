from django.apps import AppConfig


class ChildrenInNeedConfig(AppConfig):
    name = "hearth.children_in_need"
    label = "children_in_need"
    verbose_name = "Children in need"
