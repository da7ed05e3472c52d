"""The demo's commendation proposal: Xã Thuận Châu's officer (``xa.thuanchau``) has set the
commune's emulation criteria for an outstanding member of the year and proposed, from the
records of the year so far (1 January to yesterday), the members who meet them: a draft,
waiting for the officer's decisions.

The thresholds are modest because the demo's door-to-door campaign began only weeks ago: three
visits to three households and one person guided to VNeID level 2.
"""

from datetime import timedelta

from langso.accounts.models import User
from langso.core.dates import today, valid_on
from langso.reports import recognition_services
from langso.reports.recognition_models import Commendation, Subject
from langso.units.models import Unit, UnitVersion

CONDITIONS = [
    {"measure": "visits", "at_least": 3},
    {"measure": "households", "at_least": 3},
    {"measure": "indicator:vneid_l2", "at_least": 1},
]


def build(*, commune: Unit) -> Commendation:
    officer = User.objects.get(username="xa.thuanchau")
    day = today()
    code = UnitVersion.objects.get(valid_on(day), unit=commune).code
    yesterday = day - timedelta(days=1)
    criteria = recognition_services.criteria_create(
        actor=officer,
        unit_code=code,
        name=f"Thành viên tiêu biểu năm {yesterday.year}",
        subject=Subject.MEMBER,
        conditions=CONDITIONS,
    )
    return recognition_services.commendation_propose(
        actor=officer,
        unit_code=code,
        start=yesterday.replace(month=1, day=1),
        end=yesterday,
        criteria_id=criteria.pk,
    )
