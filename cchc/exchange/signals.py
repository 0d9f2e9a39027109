"""Tombstones for incremental pulls: when a task row (plans.Occurrence), a target or a measurement is deleted —
one by one, by a queryset or by a cascade (a plan deleted) — a :class:`cchc.exchange.models.Deletion` row is
written in the same transaction, so GET /api/v1/exchange/deleted can tell client systems to drop it. Connected in
:meth:`cchc.exchange.apps.ExchangeConfig.ready`."""

from __future__ import annotations

from django.db.models.signals import post_delete


def _tombstone(kind: str, instance, unit_id, **detail):
    from cchc.exchange.models import Deletion

    Deletion.objects.create(kind=kind, object_id=instance.pk, unit_id=unit_id, detail=detail)


def _occurrence_deleted(sender, instance, **kwargs):
    _tombstone("task", instance, instance.unit_id, plan_id=instance.plan_id, task_id=instance.task_id,
               period=instance.period)


def _target_deleted(sender, instance, **kwargs):
    _tombstone("target", instance, None, plan_id=instance.plan_id)


def _measurement_deleted(sender, instance, **kwargs):
    _tombstone("measurement", instance, instance.unit_id, target_id=instance.target_id, period=instance.period)


def connect():
    from cchc.plans.models import Measurement, Occurrence, Target

    post_delete.connect(_occurrence_deleted, sender=Occurrence, dispatch_uid="exchange_tombstone_task")
    post_delete.connect(_target_deleted, sender=Target, dispatch_uid="exchange_tombstone_target")
    post_delete.connect(_measurement_deleted, sender=Measurement, dispatch_uid="exchange_tombstone_measurement")
