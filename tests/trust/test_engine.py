"""The lookalike engine and the checker without a database: each reason code with real-looking
cases that must raise it and cases that must not."""

import pytest

from langso.trust.engine import Engine, Kind, LinkError, Reason, Result, Verdict


def codes(result: Result) -> set[str]:
    return {str(f.code) for f in result.findings}


def verdict(engine: Engine, text: str) -> Verdict:
    return engine.check(text).verdict


# Official domains ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "vietcombank.com.vn",
        "https://ebanking.vietcombank.com.vn/ibanking2020/",
        "https://www.techcombank.com/",
        "momo.vn",
        "shopee.vn/flash_sale",
        "voso.vn",
        "postmart.vn",
        "evnhanoi.vn",
        "vnpost.vn",
        "dichvucong.gov.vn",
        "https://vneid.gov.vn/",
        "VietcomBank.COM.vn",
    ],
)
def test_official_domains_and_their_subdomains_are_trusted(engine: Engine, link: str) -> None:
    result = engine.check(link)
    assert result.verdict is Verdict.TRUSTED
    assert codes(result) == {"OFFICIAL_DOMAIN"}


def test_every_gov_vn_registrable_name_is_government(engine: Engine) -> None:
    for link in ["sonla.gov.vn", "thuanchau.sonla.gov.vn", "https://moh.gov.vn/web/guest"]:
        result = engine.check(link)
        assert result.verdict is Verdict.TRUSTED
        assert codes(result) == {"GOVERNMENT_DOMAIN"}


def test_gov_vn_inside_another_domain_is_not_government(engine: Engine) -> None:
    result = engine.check("dichvucong.gov.vn.xacminh-canhan.com")
    assert result.verdict is Verdict.SUSPICIOUS
    assert "GOVERNMENT_DOMAIN" not in codes(result)
    assert "BRAND_IN_SUBDOMAIN" in codes(result)


# Brand impersonation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "brand"),
    [
        ("vaynhanh-techcombank.com", "Techcombank"),
        ("shopeevip5.com", "Shopee"),
        ("minigamemomo.net", "MoMo"),
        ("acb-online-center.com", "ACB"),
        ("nganhangvcb247.com", "Vietcombank"),
        ("tikizb.com", "Tiki"),
        ("vcbdlgeybink.com", "Vietcombank"),
        ("vietcombank.vn", "Vietcombank"),
        ("vietcombank.github.io", "Vietcombank"),
    ],
)
def test_a_brand_inside_another_registrable_domain_is_impersonation(
    engine: Engine, link: str, brand: str
) -> None:
    result = engine.check(link)
    assert result.verdict is Verdict.SUSPICIOUS
    found = [f for f in result.findings if f.code is Reason.BRAND_IMPERSONATION]
    assert found and found[0].param("brand") == brand


def test_the_reason_names_the_official_domain(engine: Engine) -> None:
    result = engine.check("vietcombank-xacthuc.top")
    found = next(f for f in result.findings if f.code is Reason.BRAND_IMPERSONATION)
    assert found.param("official") == "vietcombank.com.vn"


@pytest.mark.parametrize(
    "link",
    [
        "cacbroker.com.vn",  # "acb" inside an unrelated word
        "lottevn666.com",  # "evn" inside "lottevn"
        "vibe.vn",
        "dichvucongnghe.vn",  # "dịch vụ công nghệ", not the public-service portal
        "chinhphucdinhcao.vn",  # "chinh phục", not "chính phủ"
        "napthevn.com",  # "nạp thẻ vn", not EVN
        "zalora.vn",
    ],
)
def test_a_short_brand_inside_an_unrelated_word_is_not_enough(engine: Engine, link: str) -> None:
    result = engine.check(link)
    assert not codes(result) & {"BRAND_IMPERSONATION", "LOOKALIKE", "BRAND_IN_SUBDOMAIN"}


@pytest.mark.parametrize(
    "link",
    [
        "vietcombank.com.vn.xacthuc.top",
        "https://shopee.tuanlevang.vn/",
        "bidv.mocongdivu.com",
        "acb.vn-a.xyz",
        "momo.vn.nhanqua-tet.online/login",
        "vietcombank.weebly.com",
    ],
)
def test_a_brand_in_a_subdomain_of_another_domain_is_flagged(engine: Engine, link: str) -> None:
    result = engine.check(link)
    assert result.verdict is Verdict.SUSPICIOUS
    assert "BRAND_IN_SUBDOMAIN" in codes(result)


def test_a_brand_in_the_subdomain_of_its_own_domain_is_fine(engine: Engine) -> None:
    assert verdict(engine, "shopee.shopee.vn") is Verdict.TRUSTED


# Lookalikes: edit distance, homoglyphs, mixed scripts ----------------------------------------


@pytest.mark.parametrize(
    ("link", "brand"),
    [
        ("vietcombamk.com", "Vietcombank"),
        ("vietconbank-online.net", "Vietcombank"),
        ("techcombnak.com", "Techcombank"),
        ("sacombankk.vn", "Sacombank"),
        ("lazadda.shop", "Lazada"),
        ("xacthucvietcombanng.com", "Vietcombank"),
        ("vietc0mbank.com", "Vietcombank"),
    ],
)
def test_small_edits_of_a_protected_label_are_lookalikes(
    engine: Engine, link: str, brand: str
) -> None:
    result = engine.check(link)
    assert result.verdict is Verdict.SUSPICIOUS
    brands = {f.param("brand") for f in result.findings}
    assert brand in brands
    assert codes(result) & {"LOOKALIKE", "BRAND_IMPERSONATION"}


@pytest.mark.parametrize(
    "link",
    ["vietnamnet.vn", "vietjetair.com", "vietbank.com.vn", "mobile-shop.vn", "sendmail.vn"],
)
def test_real_words_near_a_brand_are_not_lookalikes(engine: Engine, link: str) -> None:
    assert "LOOKALIKE" not in codes(engine.check(link))


def test_a_cyrillic_letter_in_a_bank_name_is_a_homoglyph_and_mixed_script(engine: Engine) -> None:
    result = engine.check("https://v\u0456etcombank.com.vn/")  # U+0456, Cyrillic
    assert result.verdict is Verdict.SUSPICIOUS
    assert {"HOMOGLYPH", "MIXED_SCRIPT", "IDN_DECODED"} <= codes(result)
    homoglyph = next(f for f in result.findings if f.code is Reason.HOMOGLYPH)
    assert homoglyph.param("letters") == "\u0456"


def test_a_greek_omicron_is_a_homoglyph(engine: Engine) -> None:
    assert "HOMOGLYPH" in codes(engine.check("shοpee.vn"))  # Greek omicron


def test_a_vietnamese_diacritic_on_a_bank_name_is_a_homoglyph(engine: Engine) -> None:
    result = engine.check("vietcombạnk.com.vn")
    assert result.verdict is Verdict.SUSPICIOUS
    assert "HOMOGLYPH" in codes(result)
    assert "MIXED_SCRIPT" not in codes(result)  # Vietnamese letters are Latin


def test_punycode_is_decoded_and_shown(engine: Engine) -> None:
    result = engine.check("xn--vietcombnk-lj3e.com.vn")
    assert result.display == "vietcombạnk.com.vn"
    decoded = next(f for f in result.findings if f.code is Reason.IDN_DECODED)
    assert decoded.param("shown") == "vietcombạnk.com.vn"


@pytest.mark.parametrize(
    "link", ["phởhàthành.vn", "càphêtrungnguyên.vn", "thuậnchâu.vn", "xn--phhthnh-bwac9987e.vn"]
)
def test_a_legitimate_accented_vietnamese_domain_is_never_flagged_for_its_accents(
    engine: Engine, link: str
) -> None:
    result = engine.check(link)
    assert result.verdict is Verdict.UNKNOWN
    assert not codes(result) & {"HOMOGLYPH", "MIXED_SCRIPT"}


def test_a_cyrillic_only_domain_is_not_mixed_script(engine: Engine) -> None:
    assert "MIXED_SCRIPT" not in codes(engine.check("пример.рф"))


# Other warning signs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "word"),
    [
        ("nhanqua-tet2025.com", "nhanqua"),
        ("trungthuong-iphone.net", "trungthuong"),
        ("capnhat-thongtin.info", "capnhat"),
        ("vay-nhanh-24h.com", "vaynhanh"),
        ("vay-tien.com", "vaytien"),
        ("the-vay.com", "vay"),
        ("hoàntiền-online.com", "hoantien"),
    ],
)
def test_lure_words_are_found_with_and_without_accents(
    engine: Engine, link: str, word: str
) -> None:
    lure = [f for f in engine.check(link).findings if f.code is Reason.LURE_WORD]
    assert lure and lure[0].param("word") == word


def test_one_lure_word_alone_is_a_warning_not_a_verdict(engine: Engine) -> None:
    result = engine.check("khuyenmai-dienmay.com.vn")
    assert result.verdict is Verdict.UNKNOWN
    assert "LURE_WORD" in codes(result)


def test_a_lure_word_on_an_abused_tld_is_suspicious(engine: Engine) -> None:
    result = engine.check("nhanqua-tet.top")
    assert result.verdict is Verdict.SUSPICIOUS
    assert {"LURE_WORD", "ABUSED_TLD"} <= codes(result)


def test_an_ordinary_site_on_a_normal_tld_has_no_warning(engine: Engine) -> None:
    result = engine.check("https://thegioididong.com/dtdd")
    assert result.verdict is Verdict.UNKNOWN
    assert codes(result) == {"UNKNOWN_LINK"}


@pytest.mark.parametrize(
    ("link", "ip"),
    [
        ("http://103.97.125.10/vcb/login", "103.97.125.10"),
        ("http://3232235777/", "192.168.1.1"),
        ("http://0xC0A80001/", "192.168.0.1"),
        ("http://[2001:db8::1]/", "2001:db8::1"),
    ],
)
def test_ip_literal_hosts_are_suspicious(engine: Engine, link: str, ip: str) -> None:
    result = engine.check(link)
    assert result.verdict is Verdict.SUSPICIOUS
    found = next(f for f in result.findings if f.code is Reason.IP_HOST)
    assert found.param("ip") == ip


@pytest.mark.parametrize("link", ["https://bit.ly/3xYzAbc", "tinyurl.com/vcb-uu-dai", "t.co/x"])
def test_shortened_links_are_suspicious_because_the_destination_is_unknown(
    engine: Engine, link: str
) -> None:
    result = engine.check(link)
    assert result.verdict is Verdict.SUSPICIOUS
    assert "SHORTENER" in codes(result)


def test_the_at_trick_shows_the_host_that_really_opens(engine: Engine) -> None:
    result = engine.check("https://vietcombank.com.vn@vcb-xacthuc.top/login")
    assert result.verdict is Verdict.SUSPICIOUS
    trick = next(f for f in result.findings if f.code is Reason.AT_TRICK)
    assert trick.param("shown") == "vietcombank.com.vn"
    assert trick.param("real") == "vcb-xacthuc.top"
    assert "OFFICIAL_DOMAIN" not in codes(result)


def test_an_at_sign_in_the_path_is_not_the_trick(engine: Engine) -> None:
    result = engine.check("https://vietcombank.com.vn/lien-he?email=a@b.vn")
    assert result.verdict is Verdict.TRUSTED


def test_very_long_or_deep_hosts_are_a_warning(engine: Engine) -> None:
    deep = engine.check("secure.login.account.verify.update.example-service.com")
    assert "LONG_HOST" in codes(deep)
    long = engine.check("a" * 40 + "-" + "b" * 20 + ".com")
    assert "LONG_HOST" in codes(long)
    assert "LONG_HOST" not in codes(engine.check("www.example-service.com"))


# Phones and accounts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"]
)
def test_vietnamese_phone_numbers_in_any_writing_are_one_number(
    engine: Engine, number: str
) -> None:
    result = engine.check(number)
    assert result.kind is Kind.PHONE
    assert result.key == "+84912345678"
    assert result.verdict is Verdict.UNKNOWN
    assert codes(result) == {"UNKNOWN_PHONE"}


def test_a_foreign_number_is_suspicious(engine: Engine) -> None:
    result = engine.check("+855 12 345 678")
    assert result.kind is Kind.PHONE
    assert result.verdict is Verdict.SUSPICIOUS
    assert "FOREIGN_PHONE" in codes(result)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Vietcombank 0011004455667", "vietcombank:0011004455667"),
        ("STK 1903 5555 666 777 - Techcombank", "techcombank:19035555666777"),
        ("VCB: 0011004455667", "vietcombank:0011004455667"),
        ("0011004455667", ":0011004455667"),
    ],
)
def test_bank_accounts_are_read_with_their_bank(engine: Engine, text: str, key: str) -> None:
    result = engine.check(text)
    assert result.kind is Kind.ACCOUNT
    assert result.key == key
    assert codes(result) == {"UNKNOWN_ACCOUNT"}


# Messages ------------------------------------------------------------------------------------


SMS = (
    "[VCB] Tai khoan cua quy khach se bi khoa. Vui long cap nhat thong tin tai "
    "https://vietcombank.com.vn.xacthuc-vcb.top/login hoac goi 0912 345 678. "
    "Phi mo khoa chuyen vao STK 0011004455667 Vietcombank. Xem them vietcombank.com.vn"
)


def test_a_message_is_checked_item_by_item(engine: Engine) -> None:
    result = engine.check(SMS)
    assert result.kind is Kind.MESSAGE
    kinds = [part.kind for part in result.parts]
    assert kinds.count(Kind.LINK) == 2
    assert Kind.PHONE in kinds and Kind.ACCOUNT in kinds
    by_input = {part.input: part for part in result.parts}
    assert by_input["vietcombank.com.vn"].verdict is Verdict.TRUSTED
    fake = by_input["https://vietcombank.com.vn.xacthuc-vcb.top/login"]
    assert fake.verdict is Verdict.SUSPICIOUS
    assert result.verdict is Verdict.SUSPICIOUS
    assert "MESSAGE_LURE" in codes(result)


def test_a_message_asking_for_the_otp_is_suspicious(engine: Engine) -> None:
    result = engine.check("Cong an xa thong bao: ban hay doc ma OTP de cap nhat VNeID muc 2.")
    assert result.verdict is Verdict.SUSPICIOUS
    assert "ASKS_FOR_CODE" in codes(result)


def test_the_banks_own_otp_warning_is_not_a_request(engine: Engine) -> None:
    result = engine.check("Ma OTP cua Quy khach la 123456. KHONG cung cap ma OTP cho bat ky ai.")
    assert "ASKS_FOR_CODE" not in codes(result)


def test_a_message_with_only_official_links_is_trusted(engine: Engine) -> None:
    result = engine.check("Tra cuu tai https://dichvucong.gov.vn va vneid.gov.vn nhe")
    assert result.verdict is Verdict.TRUSTED


def test_a_message_with_nothing_to_check_says_so(engine: Engine) -> None:
    result = engine.check("Chao ban, hom nay troi dep qua")
    assert result.verdict is Verdict.UNKNOWN
    assert codes(result) == {"NOTHING_TO_CHECK"}


def test_a_broken_link_inside_a_message_is_a_warning_not_an_error(engine: Engine) -> None:
    result = engine.check("Bam vao http://xn--zz.com/nhan-qua de nhan qua")
    part = result.parts[0]
    assert part.verdict is Verdict.SUSPICIOUS
    assert codes(part) == {"LINK_INVALID"}


def test_file_names_and_email_addresses_are_not_links(engine: Engine) -> None:
    result = engine.check("Gui file baocao.docx den canbo@sonla.gov.vn truoc 5 gio")
    assert result.parts == []


# Input that cannot be read -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "xn--zz.com",
        "http://a..b.com",
        "https://" + "a" * 70 + ".com",
        "http://vietcombank.com.vn:99999/",
        "http://" + ".".join(["abcdefghij"] * 30) + ".com",
        "http://exa%mple.com",
        "http://☃.com",
    ],
)
def test_a_single_link_that_cannot_be_read_raises_a_link_error(engine: Engine, link: str) -> None:
    with pytest.raises(LinkError):
        engine.analyse(link)
