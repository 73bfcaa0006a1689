"""Task results in admin, for staff: what ran, what failed and why.

django_tasks_db registers its own read-only admin; this one replaces it to let every
staff member read the results (not only those granted the model's view permission), to
list the failures' exception first, and to hide the tasks' arguments and return values:
an email task's arguments are the whole message, and a password reset email carries a
link that would let whoever reads it set the password.
"""

from django.contrib import admin
from django.http import HttpRequest
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

HIDDEN = {"args_kwargs", "return_value"}


class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (
        "task_name",
        "status",
        "exception_class_path",
        "enqueued_at",
        "started_at",
        "finished_at",
        "queue_name",
    )
    search_fields = ("task_path", "exception_class_path")

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [name for name in super().get_readonly_fields(request, obj) if name not in HIDDEN]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
