"""The onboarding checklists, and the two business indicators worked out from them.

Each platform with ``onboarding`` has the same four steps (papers, photos, the first listing, the
first order); the QR payment track has three (the account checked, the code displayed, a test
payment received). A track is complete while every required step's latest observation is true.

A household's ``business_ecommerce`` is true while one of its businesses has a complete platform
track, and ``business_qr_payment`` while one has a complete QR track. Both indicators are also
recorded directly (spreadsheets of households that sold online before Làng Số), so the checklist
only speaks once it has something to say: it records true when a track completes, and false only
when a track that was complete stops being so (a step found undone: the shop closed). A household
that was already on an e-commerce platform before any checklist is left as it was.

As with skills (``learning.skill_services``), a step that arrives late from an offline phone is
handled by working out the wanted value at its time and at every later step of the household,
and recording an observation (``Source.COMPUTED``) wherever the history says otherwise;
``observation_record`` books a late observation on the days it covers.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from langso.access import Actor
from langso.indicators.models import Indicator, Source
from langso.indicators.services import observation_history, observation_record, value_at
from langso.people.models import Household
from langso.people.services import household_subject

ECOMMERCE = "business_ecommerce"
QR_PAYMENT = "business_qr_payment"
# The track of a step with no platform.
QR_TRACK = ""


@dataclass(frozen=True)
class Step:
    code: str
    name: Promise
    hint: Promise
    required: bool = True


PLATFORM_STEPS = (
    Step(
        "papers",
        _("Papers ready"),
        _("ID card, the business registration if there is one, a bank account in the owner's name"),
    ),
    Step(
        "photos",
        _("Product photos taken"),
        _("Clear photos in daylight; price, weight and origin written down"),
    ),
    Step(
        "first_listing",
        _("First product listed"),
        _("The product can be seen on the shop's page"),
    ),
    Step(
        "first_order",
        _("First order received"),
        _("An order came in and was sent off"),
        required=False,
    ),
)
QR_STEPS = (
    Step(
        "account",
        _("Account checked"),
        _("The account the money goes to is in the owner's name, confirmed with the bank"),
    ),
    Step(
        "stand",
        _("Payment code displayed"),
        _("The VietQR stand is printed and placed where buyers pay"),
    ),
    Step(
        "test_payment",
        _("Test payment received"),
        _("A small transfer made by scanning the code arrived in the account"),
    ),
)


def steps_of(track: str) -> tuple[Step, ...]:
    return QR_STEPS if track == QR_TRACK else PLATFORM_STEPS


def step_known(track: str, code: str) -> bool:
    return any(step.code == code for step in steps_of(track))


# One step of a household's businesses: (observed at, order among equal times, business id,
# track, step code, value).
Seen = tuple[datetime, int, str, str, str, bool]


def complete_at(seen: list[Seen], moment: datetime) -> dict[str, bool]:
    """Whether each indicator's condition holds at ``moment``: a platform track / the QR track
    of one business with every required step's latest value true."""
    latest: dict[tuple[str, str, str], bool] = {}
    for observed_at, _order, business, track, step, value in seen:
        if observed_at > moment:
            break
        latest[(business, track, step)] = value
    tracks = {(business, track) for business, track, _step in latest}
    done = {
        (business, track)
        for business, track in tracks
        if all(latest.get((business, track, s.code), False) for s in steps_of(track) if s.required)
    }
    return {
        ECOMMERCE: any(track != QR_TRACK for _business, track in done),
        QR_PAYMENT: any(track == QR_TRACK for _business, track in done),
    }


def household_steps(household_id: int) -> list[Seen]:
    from langso.shops.models import StepDone

    rows = (
        StepDone.objects.filter(business__household_id=household_id)
        .order_by("observed_at", "recorded_at")
        .values_list("observed_at", "business_id", "platform_id", "step", "value")
    )
    return [
        (at, n, str(business), platform or QR_TRACK, step, value)
        for n, (at, business, platform, step, value) in enumerate(rows)
    ]


def indicators_derive(*, actor: Actor, household: Household, since: datetime) -> list[str]:
    """Record the two indicators wherever the checklist of ``household``'s businesses says
    otherwise from ``since`` on; the indicators that changed. The household must already count
    as a business (``people.edit_services.household_business_set``)."""
    seen = household_steps(household.pk)
    moments = sorted({at for at, *_rest in seen if at >= since})
    if not moments:
        return []
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[ECOMMERCE, QR_PAYMENT])}
    subject = household_subject(household)
    changed: list[str] = []
    for code, indicator in indicators.items():
        history = observation_history(code, household_id=household.pk)
        # Whether the track was complete at some moment before ``since``: then a later
        # incomplete state is a change to record, not silence.
        was_complete = any(complete_at(seen, at)[code] for at, *_rest in seen if at < since)
        for moment in moments:
            wanted = complete_at(seen, moment)[code]
            was_complete = was_complete or wanted
            if not was_complete or wanted == value_at(history, moment):
                continue
            observation_record(
                actor=actor,
                indicator=indicator,
                subject=subject,
                value=wanted,
                observed_at=moment,
                source=Source.COMPUTED,
                source_ref=f"household:{household.pk}",
            )
            history.append((moment, len(history), wanted))
            history.sort(key=lambda entry: (entry[0], entry[1]))
            if code not in changed:
                changed.append(code)
    return changed


def track_states(seen: Iterable[Seen], business_id: str) -> dict[str, dict[str, bool]]:
    """The latest value of each step of one business, per track (what a card shows)."""
    states: dict[str, dict[str, bool]] = {}
    for _at, _order, business, track, step, value in seen:
        if business == business_id:
            states.setdefault(track, {})[step] = value
    return states
