"""The false-positive rate on the legitimate Vietnamese domains of the fixture, as a test (the
benchmark prints the same figure with recall, on the shared block list)."""

from pathlib import Path

from langso.trust.catalog_data import BRANDS
from langso.trust.engine import Engine, Verdict

LEGIT = Path(__file__).parent / "fixtures" / "legit_domains_vn.tsv"


def legit_domains() -> list[str]:
    lines = LEGIT.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


def test_at_most_one_percent_of_legitimate_vietnamese_domains_are_flagged(engine: Engine) -> None:
    domains = legit_domains()
    assert len(domains) >= 500
    flagged = [d for d in domains if engine.check(d).verdict in {Verdict.SUSPICIOUS, Verdict.SCAM}]
    assert len(flagged) / len(domains) <= 0.01, flagged


def test_every_official_domain_of_the_catalog_is_trusted(engine: Engine) -> None:
    for brand in BRANDS:
        for domain in brand.domains:
            assert engine.check(domain).verdict is Verdict.TRUSTED, domain
            assert engine.check(f"https://www.{domain}/").verdict is Verdict.TRUSTED, domain
