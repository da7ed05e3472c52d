"""The platforms businesses sell on, shipped as data and loaded by migration ``0002``.

Voso (Viettel Post) and Postmart (Vietnam Post) are the postal e-commerce platforms the national
plans name for farm produce; the marketplaces follow. Their domains are the registrable names the
trust checker's catalog (``trust.catalog_data``) already protects from lookalikes; a platform with
no domains (a shop's own website, a social page) takes any link, which is checked all the same.
"""

PLATFORMS: tuple[tuple[str, str, tuple[str, ...], str, bool], ...] = (
    # (code, name, registrable domains, home, has an onboarding checklist)
    ("voso", "Voso", ("voso.vn",), "https://voso.vn", True),
    ("postmart", "Postmart", ("postmart.vn",), "https://postmart.vn", True),
    ("shopee", "Shopee", ("shopee.vn",), "https://shopee.vn", True),
    ("lazada", "Lazada", ("lazada.vn",), "https://www.lazada.vn", True),
    ("tiktokshop", "TikTok Shop", ("tiktok.com",), "https://www.tiktok.com", True),
    ("tiki", "Tiki", ("tiki.vn",), "https://tiki.vn", True),
    ("facebook", "Facebook", ("facebook.com", "fb.com"), "https://www.facebook.com", False),
    ("zalo", "Zalo", ("zalo.me",), "https://zalo.me", False),
    ("website", "Website", (), "", False),
)
