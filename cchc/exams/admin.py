"""Django admin for the exams app.

The bank and the grades have rules the admin must not bypass: question content changes only by adding a
QuestionVersion (through the bank screens), and marks change only through ``services.mark_change`` (which
records a GradeChange). So versions, attempts and grade changes are read-only here.
"""

from __future__ import annotations

from django.contrib import admin

from cchc.exams.models import Attempt, AttemptItem, Campaign, GradeChange, Question, QuestionVersion, Topic


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "order")
    search_fields = ("code", "name")
    list_filter = ("parent",)


class VersionInline(admin.TabularInline):
    model = QuestionVersion
    fk_name = "question"
    extra = 0
    fields = ("number", "kind", "difficulty", "text", "created_at", "created_by")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("ref", "topic", "kind", "difficulty", "is_active", "updated_at")
    list_filter = ("is_active", "kind", "difficulty", "topic")
    search_fields = ("ref", "current__text")
    readonly_fields = ("ref", "topic", "kind", "difficulty", "current", "created_at", "updated_at")
    fields = ("ref", "topic", "kind", "difficulty", "current", "is_active", "created_at", "updated_at")
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False  # questions are created on the bank screens (versioned)


@admin.register(QuestionVersion)
class QuestionVersionAdmin(ReadOnlyAdmin):
    list_display = ("question", "number", "topic", "kind", "difficulty", "created_at")
    list_filter = ("kind", "difficulty", "topic")
    search_fields = ("question__ref", "text")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "opens_at", "closes_at", "duration_minutes", "is_published", "results_policy",
                    "results_published")
    list_filter = ("is_published", "results_policy", "results_published")
    search_fields = ("title",)
    filter_horizontal = ("units",)
    date_hierarchy = "opens_at"
    readonly_fields = ("created_by", "created_at")


class ItemInline(admin.TabularInline):
    model = AttemptItem
    extra = 0
    fields = ("position", "version", "area", "selected", "mark", "max_mark", "answered_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ("user", "campaign", "number", "unit", "status", "score", "max_score", "percent", "passed",
                    "submitted_at")
    list_filter = ("status", "passed", "campaign")
    search_fields = ("user__username", "user__first_name", "user__last_name", "campaign__title")
    list_select_related = ("user", "campaign", "unit")
    inlines = [ItemInline]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(GradeChange)
class GradeChangeAdmin(ReadOnlyAdmin):
    list_display = ("item", "old_mark", "new_mark", "reason", "changed_by", "changed_at")
    search_fields = ("reason", "item__attempt__user__username")
    list_select_related = ("item", "changed_by")
