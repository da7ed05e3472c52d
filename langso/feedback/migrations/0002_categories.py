"""The starting categories of citizen feedback (Open311 services), with their deadlines.

Names are data, Vietnamese first. Deadlines are in working days: 10 for most matters, as
communes commonly answer phản ánh, kiến nghị; shorter where people are at risk or without
power or water; 3 for scams, which spread while they wait. Kept in the migration itself so
that it stays what it was when it ran; later changes are new migrations (or the admin).
"""

from typing import Any

from django.db import migrations

CATEGORIES: list[dict[str, Any]] = [
    {
        "code": "duong-sa",
        "name_vi": "Đường sá, cầu, cống hư hỏng",
        "name_en": "Damaged roads, bridges and culverts",
        "description_vi": "Ổ gà, sạt lở, cầu cống hỏng, đường ngập.",
        "description_en": "Potholes, landslides, broken bridges or culverts, flooded roads.",
        "group": "hạ tầng",
        "keywords": "đường, cầu, cống, sạt lở, ổ gà",
        "deadline_days": 10,
    },
    {
        "code": "dien",
        "name_vi": "Mất điện, đèn chiếu sáng công cộng",
        "name_en": "Power cuts and street lighting",
        "description_vi": "Mất điện kéo dài, dây điện nguy hiểm, đèn đường hỏng.",
        "description_en": "Long power cuts, dangerous power lines, broken street lights.",
        "group": "hạ tầng",
        "keywords": "điện, mất điện, đèn đường, dây điện",
        "deadline_days": 5,
    },
    {
        "code": "nuoc",
        "name_vi": "Nước sinh hoạt, thủy lợi",
        "name_en": "Drinking water and irrigation",
        "description_vi": "Mất nước, nước bẩn, kênh mương hỏng.",
        "description_en": "No water, dirty water, broken canals.",
        "group": "hạ tầng",
        "keywords": "nước, mất nước, kênh, mương",
        "deadline_days": 7,
    },
    {
        "code": "moi-truong",
        "name_vi": "Rác thải, ô nhiễm môi trường",
        "name_en": "Waste and pollution",
        "description_vi": "Rác không được thu gom, khói, nước thải, tiếng ồn.",
        "description_en": "Uncollected waste, smoke, waste water, noise.",
        "group": "môi trường",
        "keywords": "rác, ô nhiễm, nước thải, khói",
        "deadline_days": 7,
    },
    {
        "code": "dich-vu-cong",
        "name_vi": "Dịch vụ công, thủ tục hành chính",
        "name_en": "Public services and administrative procedures",
        "description_vi": "Hồ sơ chậm, dịch vụ công trực tuyến lỗi, VNeID, thái độ phục vụ.",
        "description_en": "Late files, online public services failing, VNeID, service manners.",
        "group": "dịch vụ công",
        "keywords": "thủ tục, hồ sơ, dịch vụ công, VNeID",
        "deadline_days": 10,
    },
    {
        "code": "vien-thong",
        "name_vi": "Sóng điện thoại, Internet",
        "name_en": "Mobile signal and Internet",
        "description_vi": "Vùng lõm sóng, mất Internet, cáp quang hỏng.",
        "description_en": "No mobile signal, no Internet, broken fibre.",
        "group": "chuyển đổi số",
        "keywords": "sóng, 4G, Internet, cáp quang",
        "deadline_days": 10,
    },
    {
        "code": "lua-dao",
        "name_vi": "Lừa đảo, tin giả trên mạng",
        "name_en": "Online scams and fake news",
        "description_vi": "Cuộc gọi, tin nhắn, đường link, tài khoản lừa đảo; tin giả.",
        "description_en": "Scam calls, messages, links or accounts; fake news.",
        "group": "an toàn mạng",
        "keywords": "lừa đảo, link lạ, tin giả, giả danh",
        "deadline_days": 3,
    },
    {
        "code": "an-ninh",
        "name_vi": "An ninh, trật tự",
        "name_en": "Public order and safety",
        "description_vi": "Mất trật tự, nguy cơ mất an toàn nơi công cộng.",
        "description_en": "Disorder, dangers in public places.",
        "group": "an ninh",
        "keywords": "an ninh, trật tự, nguy hiểm",
        "deadline_days": 5,
    },
    {
        "code": "khac",
        "name_vi": "Góp ý, kiến nghị khác",
        "name_en": "Other feedback and petitions",
        "description_vi": "Những phản ánh, kiến nghị khác gửi chính quyền xã.",
        "description_en": "Any other feedback or petition to the commune.",
        "group": "khác",
        "keywords": "kiến nghị, góp ý",
        "deadline_days": 10,
    },
]


def load(apps: Any, schema_editor: Any) -> None:
    Category = apps.get_model("feedback", "Category")
    for order, row in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(code=row["code"], defaults={**row, "order": order})


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_reports")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
