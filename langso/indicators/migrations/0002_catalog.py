"""The starting indicator catalog (design: "Indicators are data").

Kept in the migration itself so that it stays what it was when it ran; later changes to the
catalog are new migrations.
"""

from decimal import Decimal
from typing import Any

from django.db import migrations

D411 = "Quyết định 411/QĐ-TTg ngày 31/3/2022 (Chiến lược kinh tế số, xã hội số)"
D06 = "Quyết định 06/QĐ-TTg ngày 06/01/2022 (Đề án 06)"
ONE_ACCOUNT = (
    "Mục tiêu “mỗi người dân một tài khoản dịch vụ công trực tuyến và một kho dữ liệu cá nhân”"
)

CATALOG: list[dict[str, Any]] = [
    {
        "code": "smartphone",
        "name_vi": "Người trưởng thành có điện thoại thông minh",
        "name_en": "Adults with a smartphone",
        "population": "residents",
        "min_age": 18,
        "target_percent": Decimal("80"),
        "source_document": D411,
        "column_names": ["Điện thoại thông minh", "Có điện thoại thông minh", "ĐTTM", "Smartphone"],
    },
    {
        "code": "epayment",
        "name_vi": "Người từ 15 tuổi có tài khoản ngân hàng hoặc ví điện tử",
        "name_en": "People aged 15+ with a bank or e-wallet account",
        "population": "residents",
        "min_age": 15,
        "target_percent": Decimal("80"),
        "source_document": D411,
        "column_names": [
            "Tài khoản thanh toán",
            "Tài khoản ngân hàng",
            "Ví điện tử",
            "TK ngân hàng/ví điện tử",
            "Thanh toán điện tử",
        ],
    },
    {
        "code": "digital_signature",
        "name_vi": "Người trưởng thành có chữ ký số hoặc chữ ký điện tử",
        "name_en": "Adults with a digital signature",
        "population": "residents",
        "min_age": 18,
        "target_percent": Decimal("50"),
        "source_document": D411,
        "column_names": ["Chữ ký số", "Chữ ký điện tử", "CKS"],
    },
    {
        "code": "vneid_l2",
        "name_vi": "Công dân từ 14 tuổi đã kích hoạt định danh điện tử mức 2 (VNeID)",
        "name_en": "Citizens aged 14+ with level-2 e-ID (VNeID)",
        "population": "residents",
        "min_age": 14,
        "target_percent": None,
        "source_document": D06,
        "column_names": [
            "VNeID mức 2",
            "Định danh mức 2",
            "Định danh điện tử mức 2",
            "ĐDĐT mức 2",
            "VNeID",
        ],
    },
    {
        "code": "dvc_account",
        "name_vi": "Người dân có tài khoản dịch vụ công trực tuyến",
        "name_en": "People with an online public-service account",
        "population": "residents",
        "min_age": 15,
        "target_percent": Decimal("100"),
        "source_document": ONE_ACCOUNT,
        "column_names": [
            "Tài khoản DVC",
            "Tài khoản dịch vụ công",
            "TK DVC",
            "Tài khoản DVCTT",
            "Tài khoản dịch vụ công trực tuyến",
        ],
    },
    {
        "code": "data_store",
        "name_vi": "Người dân có kho dữ liệu cá nhân",
        "name_en": "People with a personal data store",
        "population": "residents",
        "min_age": 15,
        "target_percent": Decimal("100"),
        "source_document": ONE_ACCOUNT,
        "column_names": ["Kho dữ liệu cá nhân", "Kho dữ liệu", "Kho DLCN"],
    },
    {
        "code": "dvc_used",
        "name_vi": "Người dân đã nộp hồ sơ dịch vụ công trực tuyến",
        "name_en": "People who have used an online public service",
        "population": "residents",
        "min_age": 15,
        "target_percent": None,
        "source_document": "",
        "column_names": ["Đã dùng DVC", "Đã nộp hồ sơ trực tuyến", "Sử dụng DVCTT"],
    },
    {
        "code": "scam_aware",
        "name_vi": "Người dân được hướng dẫn kỹ năng an toàn trên mạng, phòng chống lừa đảo",
        "name_en": "People guided on online safety and scams",
        "population": "residents",
        "min_age": 15,
        "target_percent": None,
        "source_document": "",
        "column_names": [
            "Hướng dẫn an toàn mạng",
            "Kỹ năng an toàn",
            "An toàn thông tin",
            "Phòng chống lừa đảo",
        ],
    },
    {
        "code": "ehealth",
        "name_vi": "Người dân có sổ sức khỏe điện tử",
        "name_en": "People with an electronic health book",
        "population": "residents",
        "min_age": None,
        "target_percent": None,
        "source_document": D06,
        "column_names": ["Sổ sức khỏe điện tử", "SSKĐT", "Sổ SKĐT"],
    },
    {
        "code": "household_broadband",
        "name_vi": "Hộ gia đình có Internet băng rộng cáp quang",
        "name_en": "Households with fixed fibre broadband",
        "population": "households",
        "min_age": None,
        "target_percent": Decimal("80"),
        "source_document": D411,
        "column_names": [
            "Internet cáp quang",
            "Cáp quang",
            "Băng rộng cố định",
            "Internet băng rộng",
        ],
    },
    {
        "code": "business_ecommerce",
        "name_vi": "Hộ kinh doanh bán hàng trên sàn thương mại điện tử (Voso, Postmart, …)",
        "name_en": "Household businesses selling on an e-commerce platform",
        "population": "businesses",
        "min_age": None,
        "target_percent": None,
        "source_document": "",
        "column_names": ["Sàn TMĐT", "Bán hàng trên sàn", "Voso/Postmart", "Thương mại điện tử"],
    },
    {
        "code": "business_qr_payment",
        "name_vi": "Hộ kinh doanh nhận thanh toán bằng mã QR",
        "name_en": "Household businesses accepting QR payment",
        "population": "businesses",
        "min_age": None,
        "target_percent": None,
        "source_document": "",
        "column_names": ["Thanh toán QR", "Nhận thanh toán QR", "Mã QR"],
    },
]


def load(apps: Any, schema_editor: Any) -> None:
    indicator = apps.get_model("indicators", "Indicator")
    for position, row in enumerate(CATALOG):
        indicator.objects.update_or_create(code=row["code"], defaults={**row, "position": position})


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("indicators", "Indicator").objects.filter(
        code__in=[row["code"] for row in CATALOG]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_indicators_observations_rollups")]

    operations = [migrations.RunPython(load, unload)]
