"""A report's figures written as the document a People's Committee signs.

The paper is an official Vietnamese document (Nghị định 30/2020/NĐ-CP: "văn bản hành chính"
are written in Vietnamese), whatever language the officer's screen speaks, so its words are
written here in Vietnamese rather than through gettext, and numbers are formatted the Vietnamese
way ("1.234", "87,5%"). Every sentence is made from the figures (``reports.figures``), as the
campaign page's summary is; an officer who wants to add a word edits the DOCX before signing.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import translation

from langso.campaigns.report import in_sentence, place_of
from langso.core.numbers import format_int, format_percent
from langso.reports.document import Cell, Document, Section, Signature, Table
from langso.units.models import Level
from langso.visits.models import Topic

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

# The topics of a visit as the paper names them (the field app's words, in Vietnamese).
TOPIC_WORDS = {
    Topic.VNEID: "Định danh điện tử VNeID",
    Topic.DVC_ACCOUNT: "Tài khoản dịch vụ công trực tuyến",
    Topic.DATA_STORE: "Kho dữ liệu cá nhân",
    Topic.EPAYMENT: "Thanh toán không dùng tiền mặt",
    Topic.SCAM_AWARENESS: "Nhận diện lừa đảo trực tuyến",
    Topic.SAFE_SHOPPING: "Mua sắm trực tuyến an toàn",
    Topic.ECOMMERCE_SHOP: "Bán hàng trên sàn thương mại điện tử",
    Topic.EHEALTH: "Sổ sức khỏe điện tử",
    Topic.DIGITAL_SIGNATURE: "Chữ ký số",
    Topic.OTHER: "Nội dung khác",
}

LEVEL_WORDS = {
    Level.PROVINCE: "tỉnh",
    Level.DISTRICT: "huyện",
    Level.COMMUNE: "xã",
    Level.VILLAGE: "thôn, bản",
}


# The two indicators the table of units shows, by the short names officials use.
KEY_COLUMNS = {"vneid_l2": "VNeID mức 2 (%)", "dvc_account": "Tài khoản DVC (%)"}


def lower_first(text: str) -> str:
    """ "Định danh điện tử VNeID" inside a sentence: "định danh điện tử VNeID" (only the first
    letter: the names carry acronyms)."""
    return text[:1].lower() + text[1:]


def n(value: int) -> str:
    return format_int(value)


def pct(value: float | None) -> str:
    return format_percent(value) if value is not None else "–"


def day_text(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def place_date(unit_name: str, day: date) -> str:
    """ "Thuận Châu, ngày 05 tháng 02 năm 2027": Nghị định 30 writes days below 10 and the
    months January and February with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place_of(unit_name)}, ngày {day.day:02d} tháng {month} năm {day.year}"


def period_text(kind_period: str, start: date, end: date, campaign_name: str = "") -> str:
    """ "tháng 11 năm 2026", "quý IV năm 2026", "6 tháng đầu năm 2026", "năm 2026", or the
    days when the period is not a whole one (1 to 13 September is not "tháng 9")."""
    if kind_period == "campaign" and campaign_name:
        return f"chiến dịch {campaign_name}"
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}.get(kind_period)
    if months and start.day == 1 and (start.month - 1) % months == 0:
        after = start.month + months
        last = date(start.year + (after - 1) // 12, (after - 1) % 12 + 1, 1) - timedelta(days=1)
        if end == last:
            if months == 12:
                return f"năm {start.year}"
            if months == 6:
                return f"6 tháng {'đầu' if start.month == 1 else 'cuối'} năm {start.year}"
            if months == 3:
                return f"quý {ROMAN[(start.month - 1) // 3]} năm {start.year}"
            return f"tháng {start.month} năm {start.year}"
    return f"từ ngày {day_text(start)} đến ngày {day_text(end)}"


def _place(figures: dict[str, Any]) -> str:
    return in_sentence(figures["unit"]["name"])


def _children_word(figures: dict[str, Any]) -> str:
    level = figures["unit"]["level"]
    return "xã, phường" if level in (Level.PROVINCE, Level.DISTRICT) else "thôn, bản"


def _coverage_section(figures: dict[str, Any], end: date) -> list[str]:
    c = figures["coverage"]
    a = figures.get("activity", {})
    level = figures["unit"]["level"]
    if level in (Level.PROVINCE, Level.DISTRICT):
        units = (
            f"{n(c['communes_with_team'])}/{n(c['communes_total'])} xã, phường và "
            f"{n(c['villages_with_team'])}/{n(c['villages_total'])} thôn, bản, tổ dân phố"
        )
    else:
        units = f"{n(c['villages_with_team'])}/{n(c['villages_total'])} thôn, bản, tổ dân phố"
    zalo = c["zalo_groups_commune_level"] + c["zalo_groups_village_level"]
    first = (
        f"Đến ngày {day_text(end)}, toàn {_place(figures)} có {n(c['teams'])} Tổ công nghệ số "
        f"cộng đồng ở {units}, với {n(c['members'])} thành viên "
        f"({n(c['members_commune_level'])} ở cấp xã, {n(c['members_village_level'])} ở thôn, "
        f"bản) và {n(zalo)} nhóm Zalo."
    )
    paragraphs = [first]
    if a and (a["members_joined"] or a["members_left"]):
        paragraphs.append(
            f"Trong kỳ, {n(a['members_joined'])} người tham gia các Tổ, "
            f"{n(a['members_left'])} người thôi tham gia."
        )
    elif a:
        paragraphs.append("Trong kỳ, thành viên các Tổ không thay đổi.")
    return paragraphs


def _activity_section(figures: dict[str, Any]) -> tuple[list[str], list[Table]]:
    a = figures["activity"]
    paragraphs = [
        f"Trong kỳ, các Tổ đã thực hiện {n(a['visits'])} lượt đến hộ gia đình, tiếp cận "
        f"{n(a['households'])} hộ và trực tiếp hướng dẫn {n(a['people'])} người dân, với "
        f"{n(a['members'])} thành viên tham gia và tổng thời gian "
        f"{format_percent(a['hours']).rstrip('%')} giờ."
    ]
    topics = a["topics"]
    rows: list[list[Cell]] = [
        [index + 1, TOPIC_WORDS[Topic(code)], topics.get(code, 0)]
        for index, code in enumerate(Topic.values)
    ]
    most = max(Topic.values, key=lambda code: topics.get(code, 0))
    if topics.get(most, 0):
        paragraphs.append(
            f"Nội dung được hướng dẫn nhiều nhất là {lower_first(TOPIC_WORDS[Topic(most)])} "
            f"({n(topics[most])} người)."
        )
    table = Table(
        caption="Số người được hướng dẫn theo nội dung",
        columns=["STT", "Nội dung hướng dẫn", "Số người"],
        rows=rows,
        widths=[0.6, 4, 1.4],
    )
    return paragraphs, [table]


def _assessment(row: dict[str, Any]) -> str:
    target, percent = row["target"], row["closing"]["percent"]
    if target is None or percent is None:
        return "–"
    return "Đạt" if percent >= target else "Chưa đạt"


def _indicators_section(figures: dict[str, Any]) -> tuple[list[str], list[Table]]:
    rows: list[list[Cell]] = []
    below: list[str] = []
    for index, row in enumerate(figures["indicators"]):
        opening, closing = row["opening"], row["closing"]
        rows.append(
            [
                index + 1,
                row["name"],
                opening["numerator"],
                opening["percent"],
                closing["numerator"],
                closing["percent"],
                closing["numerator"] - opening["numerator"],
                row["target"],
                _assessment(row),
            ]
        )
        if _assessment(row) == "Chưa đạt":
            below.append(
                f"{lower_first(row['name'])} ({pct(closing['percent'])}, "
                f"mục tiêu {pct(row['target'])})"
            )
    reached = sum(1 for row in figures["indicators"] if _assessment(row) == "Đạt")
    with_target = sum(
        1
        for row in figures["indicators"]
        if row["target"] is not None and row["closing"]["percent"] is not None
    )
    paragraphs = [
        f"Đến cuối kỳ, {n(reached)}/{n(with_target)} chỉ tiêu có mục tiêu đã đạt mục tiêu."
    ]
    if below:
        paragraphs.append("Các chỉ tiêu chưa đạt: " + "; ".join(below) + ".")
    table = Table(
        caption="Chỉ tiêu chuyển đổi số đầu kỳ và cuối kỳ",
        columns=[
            "STT",
            "Chỉ tiêu",
            "Đầu kỳ (người, hộ)",
            "Đầu kỳ (%)",
            "Cuối kỳ (người, hộ)",
            "Cuối kỳ (%)",
            "Tăng trong kỳ",
            "Mục tiêu (%)",
            "Đánh giá",
        ],
        rows=rows,
        widths=[0.5, 3.2, 1.2, 0.9, 1.2, 0.9, 1, 0.9, 1],
    )
    return paragraphs, [table]


def _feedback_section(figures: dict[str, Any]) -> list[str]:
    f = figures["feedback"]
    text = (
        f"Trong kỳ, tiếp nhận {n(f['received'])} phản ánh, kiến nghị của người dân; đã giải quyết "
        f"{n(f['resolved'])}; đã trả lời {n(f['answered'])}, trong đó {n(f['on_time'])} đúng hạn"
    )
    if f["on_time_percent"] is not None:
        text += f" (đạt {pct(f['on_time_percent'])})"
    text += f". Hiện còn {n(f['overdue'])} phản ánh quá hạn chưa giải quyết."
    return [text]


def _scams_section(figures: dict[str, Any]) -> list[str]:
    a = figures["activity"]
    return [
        f"Thành viên các Tổ đã gửi {n(a['scam_reports'])} báo cáo đường link, số điện thoại, "
        f"tài khoản nghi lừa đảo; {n(a['scam_confirmed'])} báo cáo đã được xác nhận là lừa đảo "
        "và đưa vào danh sách cảnh báo."
    ]


def _outreach_section(figures: dict[str, Any]) -> list[str]:
    a = figures["activity"]
    return [
        f"Đã gửi {n(a['announcements'])} thông báo tới địa bàn; {n(a['messages'])} tin nhắn tới "
        f"thành viên và người dân, trong đó {n(a['messages_reached'])} tin đã gửi đến nơi, "
        f"{n(a['messages_failed'])} tin không gửi được."
    ]


def _campaign_table(campaign: dict[str, Any], number: int) -> Table:
    rows: list[list[Cell]] = []
    for index, goal in enumerate(campaign["goals"]):
        share = (
            round(100 * goal["achieved"] / goal["population"], 1) if goal["population"] else None
        )
        rows.append(
            [
                index + 1,
                goal["name"],
                goal["baseline"],
                goal["achieved"],
                goal["gained"],
                share,
                goal["target_percent"],
            ]
        )
    return Table(
        caption=f"Chiến dịch “{campaign['name']}”"
        + (f" ({campaign['basis_number']})" if campaign["basis_number"] else ""),
        columns=[
            "STT",
            "Chỉ tiêu",
            "Khi bắt đầu",
            "Hiện nay",
            "Tăng",
            "Tỷ lệ (%)",
            "Mục tiêu (%)",
        ],
        rows=rows,
        widths=[0.5, 3.2, 1.1, 1.1, 0.9, 0.9, 1],
    )


def _campaigns_section(figures: dict[str, Any]) -> tuple[list[str], list[Table]]:
    found = figures["campaigns"]
    if not found:
        return ["Trong kỳ không có chiến dịch nào được triển khai trên địa bàn."], []
    names = "; ".join(f"“{c['name']}”" for c in found)
    return (
        [f"Trong kỳ, địa bàn triển khai {n(len(found))} chiến dịch: {names}."],
        [_campaign_table(c, i + 1) for i, c in enumerate(found)],
    )


def _units_table(figures: dict[str, Any]) -> Table:
    coverage = figures.get("coverage", {})
    activity = figures.get("activity", {})
    per_coverage = coverage.get("per_child", {})
    per_activity = activity.get("per_child", {})
    key = figures.get("indicators_per_child", {})
    known = {row["code"]: row for row in figures.get("indicators", [])}
    codes = [code for code in KEY_COLUMNS if code in known]
    rows: list[list[Cell]] = []
    for index, child in enumerate(figures["children"]):
        cid = str(child["id"])
        c, a = per_coverage.get(cid, {}), per_activity.get(cid, {})
        counts = [
            c.get("teams", 0),
            c.get("members", 0),
            a.get("visits", 0),
            a.get("households", 0),
            a.get("people", 0),
        ]
        shares = [key.get(cid, {}).get(code, {}).get("percent") for code in codes]
        rows.append([index + 1, child["name"], *counts, *shares])
    # The whole unit's figures, not the sum of the rows: its own commune-level team counts,
    # and a person guided in two villages is one person.
    total = [
        coverage.get("teams", 0),
        coverage.get("members", 0),
        activity.get("visits", 0),
        activity.get("households", 0),
        activity.get("people", 0),
    ]
    return Table(
        caption=f"Kết quả theo {_children_word(figures)}",
        columns=[
            "STT",
            "Đơn vị",
            "Số Tổ",
            "Thành viên",
            "Lượt đến hộ",
            "Hộ được tiếp cận",
            "Người được hướng dẫn",
            *[KEY_COLUMNS[code] for code in codes],
        ],
        rows=rows,
        total=[
            "",
            f"Toàn {_level_word(figures)}",
            *total,
            *[known[code]["closing"]["percent"] for code in codes],
        ],
        widths=[0.5, 2.6, 0.8, 1, 1, 1, 1.1, *[1.1] * len(codes)],
    )


def _level_word(figures: dict[str, Any]) -> str:
    return LEVEL_WORDS.get(figures["unit"]["level"], "đơn vị")


def _next_steps(figures: dict[str, Any]) -> list[str]:
    below = [
        lower_first(row["name"])
        for row in figures.get("indicators", [])
        if _assessment(row) == "Chưa đạt"
    ]
    text = (
        "Tiếp tục duy trì hoạt động “đi từng ngõ, gõ từng nhà, hướng dẫn từng người”; "
        "cập nhật kịp thời kết quả hướng dẫn của từng người dân trên Làng Số."
    )
    paragraphs = [text]
    if below:
        paragraphs.append("Tập trung hướng dẫn người dân về: " + "; ".join(below) + ".")
    return paragraphs


def build(
    *,
    figures: dict[str, Any],
    sections: list[str],
    kind_period: str,
    number: str,
    issued_on: date,
    parent_name: str | None,
    draft: bool,
    replaces_note: str = "",
) -> Document:
    """The document of a report, from its stored figures."""
    with translation.override("vi"):
        return _build(
            figures=figures,
            sections=sections,
            kind_period=kind_period,
            number=number,
            issued_on=issued_on,
            parent_name=parent_name,
            draft=draft,
            replaces_note=replaces_note,
        )


def _build(
    *,
    figures: dict[str, Any],
    sections: list[str],
    kind_period: str,
    number: str,
    issued_on: date,
    parent_name: str | None,
    draft: bool,
    replaces_note: str,
) -> Document:
    start, end = date.fromisoformat(figures["start"]), date.fromisoformat(figures["end"])
    unit_name = figures["unit"]["name"]
    campaign = figures.get("campaign")
    period = period_text(kind_period, start, end, campaign["name"] if campaign else "")
    body: list[Section] = []

    def add(heading: str, paragraphs: list[str], tables: list[Table] | None = None) -> None:
        body.append(Section(f"{ROMAN[len(body)]}. {heading}", paragraphs, tables or []))

    if "campaign" in sections and campaign:
        add(
            "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA CHIẾN DỊCH",
            [
                f"Chiến dịch triển khai từ ngày "
                f"{day_text(date.fromisoformat(campaign['starts_on']))} đến ngày "
                f"{day_text(date.fromisoformat(campaign['ends_on']))}."
            ],
            [_campaign_table(campaign, 1)],
        )
    if "coverage" in sections:
        add("TÌNH HÌNH TỔ CHỨC CÁC TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", _coverage_section(figures, end))
    if "activity" in sections:
        paragraphs, tables = _activity_section(figures)
        add("KẾT QUẢ HOẠT ĐỘNG “ĐI TỪNG NGÕ, GÕ TỪNG NHÀ”", paragraphs, tables)
    if "indicators" in sections:
        paragraphs, tables = _indicators_section(figures)
        add("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ", paragraphs, tables)
    if "feedback" in sections:
        add("TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ", _feedback_section(figures))
    if "scams" in sections:
        add("PHÒNG, CHỐNG LỪA ĐẢO TRỰC TUYẾN", _scams_section(figures))
    if "outreach" in sections:
        add("THÔNG TIN, TUYÊN TRUYỀN", _outreach_section(figures))
    if "campaigns" in sections:
        paragraphs, tables = _campaigns_section(figures)
        add("CÁC CHIẾN DỊCH TRONG KỲ", paragraphs, tables)
    if "units" in sections and figures["children"]:
        add(
            f"KẾT QUẢ THEO ĐƠN VỊ ({_children_word(figures).upper()})",
            [f"Kết quả của từng {_children_word(figures)} như bảng dưới đây."],
            [_units_table(figures)],
        )
    add("PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", _next_steps(figures))
    recipients = ["- Như trên;"] if parent_name else []
    if parent_name:
        recipients = [f"- UBND {in_sentence(parent_name)} (b/c);"]
    recipients += ["- Thường trực Đảng ủy, HĐND;", "- Lưu: VT."]
    return Document(
        body_line="ỦY BAN NHÂN DÂN",
        authority=unit_name.upper(),
        number=number,
        place_date=place_date(unit_name, issued_on),
        kind="BÁO CÁO",
        abstract=f"{subject(kind_period)} {period}",
        sections=body,
        recipients=recipients,
        signature=Signature(on_behalf="TM. ỦY BAN NHÂN DÂN", position="CHỦ TỊCH"),
        draft=draft,
        replaces_note=replaces_note,
        as_of=end,
    )


def subject(kind_period: str) -> str:
    """What the report is about, before its period: "Kết quả hoạt động của Tổ công nghệ số
    cộng đồng" ("tháng 11 năm 2026" follows), or "Tổng kết" for a campaign."""
    if kind_period == "campaign":
        return "Tổng kết"
    return "Kết quả hoạt động của các Tổ công nghệ số cộng đồng"
