from django.contrib import admin

from cchc.org.models import Membership, OrgUnit, Succession, UnitAlias, UnitGroup


class AliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name", "name_key")
    raw_id_fields = ("parent", "province")
    inlines = [AliasInline]


admin.site.register(Succession, list_display=("predecessor", "successor", "kind", "date"),
                    raw_id_fields=("predecessor", "successor"))
admin.site.register(UnitGroup, list_display=("code", "name"))
admin.site.register(Membership, list_display=("user", "unit", "role"), raw_id_fields=("unit",),
                    list_filter=("role",))
