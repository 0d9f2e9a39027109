"""Django admin for the capacity app (staff registry, training, evaluations, needs surveys)."""

from __future__ import annotations

from django.contrib import admin

from cchc.capacity.models import (
    Attendance,
    Course,
    Enrolment,
    Evaluation,
    Material,
    NeedsResponse,
    NeedsSurvey,
    Session,
    StaffAssignment,
    StaffMember,
    Trainer,
)


class AssignmentInline(admin.TabularInline):
    model = StaffAssignment
    extra = 0
    fields = ("unit", "role", "position", "start_date", "end_date", "reason")
    autocomplete_fields = ("unit",)


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("full_name", "user", "phone", "email", "created_at")
    search_fields = ("full_name", "user__username", "email", "phone")
    raw_id_fields = ("user",)
    inlines = [AssignmentInline]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ("staff", "unit", "role", "position", "start_date", "end_date")
    list_filter = ("role",)
    search_fields = ("staff__full_name", "unit__name", "unit__code")
    list_select_related = ("staff", "unit")
    autocomplete_fields = ("unit",)


@admin.register(Trainer)
class TrainerAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "expertise")
    search_fields = ("name", "organisation", "expertise")


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("date", "topic", "place", "trainer")


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ("title", "document", "file")
    raw_id_fields = ("document",)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "format", "organiser", "start_date", "end_date", "completion_share")
    list_filter = ("format",)
    search_fields = ("title", "organiser__name")
    date_hierarchy = "start_date"
    autocomplete_fields = ("organiser",)
    inlines = [SessionInline, MaterialInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("course", "date", "topic", "trainer")
    search_fields = ("topic", "course__title")
    list_select_related = ("course", "trainer")


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "document", "file")
    search_fields = ("title", "course__title")
    raw_id_fields = ("document",)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("staff", "course", "completed", "completed_on")
    list_filter = ("completed",)
    search_fields = ("staff__full_name", "course__title")
    list_select_related = ("staff", "course")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("staff", "session", "present")
    list_filter = ("present",)
    search_fields = ("staff__full_name", "session__topic")


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("course", "trainer", "content", "method", "trainer_score", "usefulness", "created_at")
    search_fields = ("course__title", "comment")


class ResponseInline(admin.TabularInline):
    model = NeedsResponse
    extra = 0
    fields = ("unit", "areas", "format", "period", "learners", "submitted_by")
    readonly_fields = ("submitted_by",)
    autocomplete_fields = ("unit",)


@admin.register(NeedsSurvey)
class NeedsSurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "is_open")
    list_filter = ("is_open", "year")
    inlines = [ResponseInline]


@admin.register(NeedsResponse)
class NeedsResponseAdmin(admin.ModelAdmin):
    list_display = ("survey", "unit", "format", "period", "learners", "updated_at")
    list_filter = ("survey", "format", "period")
    search_fields = ("unit__name",)
