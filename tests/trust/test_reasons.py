from django.utils import translation

from langso.trust.engine import Engine, Kind, Reason, Verdict
from langso.trust.engine.codes import STRENGTH, finding
from langso.trust.engine.hosts import Problem, Trick
from langso.trust.reasons import KINDS, MESSAGES, PROBLEMS, TRICKS, VERDICTS, message

EXAMPLE = {
    "brand": "Vietcombank",
    "domain": "xacthuc.top",
    "official": "vietcombank.com.vn",
    "source": "chongluadao",
    "date": "16/05/2024",
    "count": "3",
    "label": "vietcombamk",
    "letters": "ạ",
    "scripts": "CYRILLIC, LATIN",
    "word": "nhanqua",
    "tld": ".top",
    "ip": "103.97.125.10",
    "host": "bit.ly",
    "shown": "vietcombank.com.vn",
    "real": "vcb.top",
    "link": "xn--zz.com",
    "problem": "the encoded (punycode) name is broken",
    "trick": Trick.BACKSLASH,
    "ascii": "xn--napth-351b.vn",
    "number": "+855 12 345 678",
    "phrase": "doc ma otp",
    "length": "80",
    "depth": "7",
    "fault": "VIETQR_ACCOUNT",
}


def test_every_reason_code_has_a_message_and_a_strength() -> None:
    assert set(MESSAGES) == set(Reason)
    assert set(STRENGTH) == set(Reason)


def test_every_message_fills_in_with_the_facts_its_finding_carries() -> None:
    for code in Reason:
        text = message(finding(code, **EXAMPLE))
        assert "%(" not in text and text.strip()


def test_every_verdict_kind_and_link_problem_has_words() -> None:
    assert set(VERDICTS) == set(Verdict)
    assert set(KINDS) == set(Kind)
    assert set(PROBLEMS) == set(Problem)
    assert set(TRICKS) == set(Trick)


def test_messages_are_english_msgids_translated_by_the_catalog() -> None:
    with translation.override("en"):
        text = message(finding(Reason.BRAND_IMPERSONATION, **EXAMPLE))
    assert text == (
        "This domain impersonates Vietcombank: the official domain is vietcombank.com.vn."
    )


def test_a_quoted_scam_phrase_keeps_the_diacritics_the_message_wrote(engine: Engine) -> None:
    result = engine.check("Công an xã thông báo: bạn hãy ĐỌC  MÃ OTP để cập nhật VNeID mức 2.")
    phrases = {f.code: dict(f.params).get("phrase") for f in result.findings}
    assert phrases[Reason.ASKS_FOR_CODE] == "ĐỌC  MÃ OTP"
    with translation.override("vi"):
        shown = [message(f) for f in result.findings if f.code == Reason.ASKS_FOR_CODE]
    assert "“ĐỌC  MÃ OTP”" in shown[0]


def test_a_phrase_written_without_diacritics_is_quoted_as_written(engine: Engine) -> None:
    result = engine.check("Cong an xa thong bao: ban hay doc ma OTP de cap nhat VNeID muc 2.")
    asked = [dict(f.params)["phrase"] for f in result.findings if f.code == Reason.ASKS_FOR_CODE]
    assert asked == ["doc ma OTP"]
