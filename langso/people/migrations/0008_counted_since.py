"""Each household and resident carries the day it entered the populations of the village it is
in now (``counted_since``): its observations count in that village's numerators from that day,
never before it, so no day's numerator runs ahead of its denominator.

Rows already there get the day they were recorded (the local date of ``created_at``, in
Vietnam's time as every roll-up day is), or the day of the last recorded change that counted
them again: for a resident a move (life event or changed village), a merge, a reinstatement or
a corrected birth year; for a household a changed village or a merge. Some of those changes
(a move within the village, a birth year that changed no population) did not need it; a later
day than needed only makes a late observation count from later on, never ahead of a
denominator. Moves made by an import left no record and keep the day of recording.
"""

from collections import defaultdict
from datetime import date

from django.db import migrations, models
from django.db.models.functions import TruncDate
from django.utils import timezone

import langso.core.dates

BATCH = 2_000


def _latest(rows):
    """The latest day per subject id, from (id, day) pairs."""
    latest: dict[int, date] = {}
    for subject_id, day in rows:
        if subject_id not in latest or day > latest[subject_id]:
            latest[subject_id] = day
    return latest


def _move_on(model, latest):
    """Set ``counted_since`` to the given later days, a batch of ids per day at a time."""
    by_day = defaultdict(list)
    for subject_id, day in latest.items():
        by_day[day].append(subject_id)
    for day, ids in by_day.items():
        for start in range(0, len(ids), BATCH):
            model.objects.filter(pk__in=ids[start : start + BATCH], counted_since__lt=day).update(
                counted_since=day
            )


def fill(apps, schema_editor):
    zone = timezone.get_default_timezone()  # Asia/Ho_Chi_Minh
    Household = apps.get_model("people", "Household")
    Resident = apps.get_model("people", "Resident")
    LifeEvent = apps.get_model("people", "LifeEvent")
    ResidentChange = apps.get_model("people", "ResidentChange")
    HouseholdChange = apps.get_model("people", "HouseholdChange")
    for model in (Household, Resident):
        model.objects.update(counted_since=TruncDate("created_at", tzinfo=zone))
    resident_days = list(
        LifeEvent.objects.filter(kind__in=["moved", "reinstated"])
        .annotate(day=TruncDate("recorded_at", tzinfo=zone))
        .values_list("resident_id", "day")
    ) + list(
        ResidentChange.objects.filter(field__in=["village", "household", "merged", "birth"])
        .annotate(day=TruncDate("changed_at", tzinfo=zone))
        .values_list("resident_id", "day")
    )
    _move_on(Resident, _latest(resident_days))
    household_days = (
        HouseholdChange.objects.filter(field__in=["village", "merged"])
        .annotate(day=TruncDate("changed_at", tzinfo=zone))
        .values_list("household_id", "day")
    )
    _move_on(Household, _latest(household_days))


class Migration(migrations.Migration):
    dependencies = [("people", "0007_lifeevent_id_index")]

    operations = [
        migrations.AddField(
            model_name="household",
            name="counted_since",
            field=models.DateField(default=langso.core.dates.today, verbose_name="counted since"),
        ),
        migrations.AddField(
            model_name="resident",
            name="counted_since",
            field=models.DateField(default=langso.core.dates.today, verbose_name="counted since"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
