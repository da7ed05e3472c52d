"""Links read the way a browser reads them (the WHATWG URL Standard): the host that really
opens, whatever tricks hide it, and a warning when a link shows a brand or an official domain
outside that host (issue 11)."""

import pytest

from langso.trust.engine import Engine, Known, Listing, Reason, Result, Verdict
from langso.trust.engine.hosts import LinkError, Problem, Trick, parse_link


def codes(result: Result) -> set[str]:
    return {str(f.code) for f in result.findings}


def disguise(result: Result) -> dict[str, str]:
    found = next(f for f in result.findings if f.code is Reason.DISGUISED_LINK)
    return dict(found.params)


# Reading a link as a browser does ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "host"),
    [
        # A backslash ends the host and starts the path, like "/", in http(s) links.
        ("https://evil.example\\.vietcombank.com.vn/", "evil.example"),
        ("https:\\\\evil.example", "evil.example"),
        ("https:/\\evil.example/x", "evil.example"),
        # The host ends at the first of / ? # \, and the user-info before the last "@".
        ("https://evil.example#.vietcombank.com.vn", "evil.example"),
        ("https://evil.example?.vietcombank.com.vn", "evil.example"),
        ("https://vietcombank.com.vn@evil.example/", "evil.example"),
        ("https://a@vietcombank.com.vn@evil.example/", "evil.example"),
        # Tabs and line breaks are dropped anywhere, before reading.
        ("ht\ttps://evil.ex\nample.vn/", "evil.example.vn"),
        # Case, a missing "//", %-codes and full-width letters in the host.
        ("HTTPS://EVIL.EXAMPLE.VN/", "evil.example.vn"),
        ("https:evil.example.vn", "evil.example.vn"),
        ("https://%65vil.example.vn/", "evil.example.vn"),
        ("https://ｅｖｉｌ.example.vn/", "evil.example.vn"),
        # A trailing dot names the same host; a port is not part of it.
        ("https://evil.example.vn.:8443/", "evil.example.vn"),
        # IPv4 in every form browsers accept: short, hexadecimal, octal, one number.
        ("https://0x7f.1/", "127.0.0.1"),
        ("http://0300.0250.0.1/", "192.168.0.1"),
        ("http://1.2.3/", "1.2.0.3"),
        ("http://3232235777/", "192.168.1.1"),
    ],
)
def test_the_host_is_the_one_a_browser_opens(link: str, host: str) -> None:
    assert parse_link(link).host == host


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ("http://1.2.3.4.5/", Problem.BAD_IP),
        ("http://evil.123/", Problem.BAD_IP),
        ("http://0x100000000/", Problem.BAD_IP),
        ("http://evil.example:8o/", Problem.BAD_PORT),
        ("http://[::1/", Problem.BAD_IPV6),
        ("http:///", Problem.NO_HOST),
        ("http://exa mple.vn/", Problem.BAD_CHARACTERS),
    ],
)
def test_links_a_browser_refuses_are_errors_that_say_why(link: str, problem: Problem) -> None:
    with pytest.raises(LinkError) as error:
        parse_link(link)
    assert error.value.problem is problem


def test_each_trick_is_recorded_with_the_link() -> None:
    assert parse_link("https://evil.example\\x").tricks == (Trick.BACKSLASH,)
    assert parse_link("https://evil.ex\tample.vn/").tricks == (Trick.LINE_BREAK,)
    assert parse_link("https://%65vil.example.vn/").tricks == (Trick.ENCODED_HOST,)
    # A backslash in the query is a letter there, not a separator.
    assert parse_link("https://evil.example.vn/?q=a\\b").tricks == ()
    assert parse_link("https://evil.example.vn/a-b_c?x=%20#top").tricks == ()


def test_paths_are_read_as_a_browser_sends_them_and_shown_as_it_shows_them() -> None:
    link = parse_link("https://vi.wikipedia.org\\wiki\\H%C3%A0_N%E1%BB%99i%E2%80%AE?a=%2F")
    assert link.path == "/wiki/H%C3%A0_N%E1%BB%99i%E2%80%AE?a=%2F"
    # Letters decoded; an invisible right-to-left override and a "/" stay %-codes.
    assert link.shown_path == "/wiki/Hà_Nội%E2%80%AE?a=%2F"
    assert parse_link("abc.vn").path == ""


# The checker -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "display"),
    [
        ("https://evil.example\\.vietcombank.com.vn/", "evil.example/.vietcombank.com.vn/"),
        ("https://evil.example#.vietcombank.com.vn", "evil.example/#.vietcombank.com.vn"),
    ],
)
def test_a_brand_hidden_behind_a_backslash_or_a_fragment_is_suspicious(
    engine: Engine, link: str, display: str
) -> None:
    result = engine.check(link)
    assert result.verdict is Verdict.SUSPICIOUS
    assert result.key == "evil.example"
    assert result.display == display
    assert disguise(result) == {
        "shown": "vietcombank.com.vn",
        "brand": "Vietcombank",
        "real": "evil.example",
    }


def test_an_official_domain_in_the_user_info_names_the_brand(engine: Engine) -> None:
    result = engine.check("https://vietcombank.com.vn@evil.example/")
    assert result.verdict is Verdict.SUSPICIOUS
    assert {"AT_TRICK", "DISGUISED_LINK"} <= codes(result)
    assert disguise(result)["brand"] == "Vietcombank"


def test_a_government_domain_glued_to_another_host_is_suspicious(engine: Engine) -> None:
    result = engine.check("https://evil.example?.sonla.gov.vn")
    assert result.verdict is Verdict.SUSPICIOUS
    assert disguise(result)["brand"] == "sonla.gov.vn"
    assert "GOVERNMENT_DOMAIN" not in codes(result)


def test_a_lookalike_glued_after_the_host_is_suspicious(engine: Engine) -> None:
    result = engine.check("https://evil.example#vietcombạnk.com.vn")
    assert disguise(result)["brand"] == "Vietcombank"


def test_a_host_hidden_in_percent_codes_is_a_trick_not_a_typing_mistake(engine: Engine) -> None:
    result = engine.check("https://evil.example%2F.vietcombank.com.vn")
    assert result.verdict is Verdict.SUSPICIOUS
    (trick,) = result.findings
    assert trick.code is Reason.LINK_TRICK
    assert trick.param("trick") == Trick.ENCODED_HOST


def test_tabs_and_line_breaks_inside_a_link_are_dropped_as_a_browser_does(
    engine: Engine,
) -> None:
    result = engine.check("https://vietcombank.com.vn\n.xacthuc.top/login")
    assert result.key == "vietcombank.com.vn.xacthuc.top"
    assert result.verdict is Verdict.SUSPICIOUS
    assert {"LINK_TRICK", "BRAND_IN_SUBDOMAIN"} <= codes(result)
    tab = engine.check("https://evil.exa\tmple.vn/")
    assert tab.key == "evil.example.vn"
    assert "LINK_TRICK" in codes(tab)


def test_upper_case_hides_nothing(engine: Engine) -> None:
    result = engine.check("HTTPS://EVIL.EXAMPLE\\.VIETCOMBANK.COM.VN/")
    assert result.verdict is Verdict.SUSPICIOUS
    assert result.key == "evil.example"
    assert disguise(result)["brand"] == "Vietcombank"


def test_backslashes_for_slashes_are_a_trick(engine: Engine) -> None:
    result = engine.check("https:\\\\evil.example")
    assert result.verdict is Verdict.SUSPICIOUS
    assert result.display == "evil.example"
    trick = next(f for f in result.findings if f.code is Reason.LINK_TRICK)
    assert trick.param("trick") == Trick.BACKSLASH


def test_a_short_ipv4_address_is_an_ip_host(engine: Engine) -> None:
    result = engine.check("https://0x7f.1/login")
    assert result.verdict is Verdict.SUSPICIOUS
    assert next(f for f in result.findings if f.code is Reason.IP_HOST).param("ip") == "127.0.0.1"


def test_a_trick_inside_a_message_makes_its_link_suspicious(engine: Engine) -> None:
    result = engine.check("Vao https://evil.example\\.vietcombank.com.vn/ de nhan qua")
    (part,) = result.parts
    assert part.verdict is Verdict.SUSPICIOUS
    assert {"LINK_TRICK", "DISGUISED_LINK"} <= codes(part)
    assert result.verdict is Verdict.SUSPICIOUS


@pytest.mark.parametrize(
    "link",
    [
        # Redirect links carry their target after a "/": the person sees the host end there.
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fvietcombank.com.vn%2F",
        "https://www.google.com/url?q=https://dichvucong.gov.vn/",
        "https://vnexpress.net/vietcombank-giam-lai-suat-4712345.html",
        "https://zingnews.vn/tim-kiem.html?q=vietcombank.com.vn#ket-qua",
    ],
)
def test_a_brand_after_the_path_starts_is_not_a_disguise(engine: Engine, link: str) -> None:
    result = engine.check(link)
    assert not codes(result) & {"DISGUISED_LINK", "LINK_TRICK"}
    assert result.verdict is Verdict.UNKNOWN


def test_a_trick_that_still_opens_the_official_site_stays_trusted(engine: Engine) -> None:
    for link in ["https://vietcombank.com.vn\\ebank", "https://vietcombank%2Ecom%2Evn/"]:
        result = engine.check(link)
        assert result.verdict is Verdict.TRUSTED
        assert codes(result) == {"OFFICIAL_DOMAIN"}


def test_a_listed_page_cannot_be_dodged_with_backslashes(engine: Engine) -> None:
    known = Known(listings={"sites.google.com": [Listing("pt", "01/05/2025", "/view/vcb-otp")]})
    for link in [
        "https://sites.google.com\\view\\vcb-otp",
        "https://sites.google.com/view/x/../vcb-otp",
    ]:
        result = engine.check(link, known)
        assert result.verdict is Verdict.SCAM
        assert "BLOCKLISTED" in codes(result)
