"""Quality of the trust checker's lookalike engine, with no block list loaded (issue 5).

- Recall: of the host names of the shared Chống Lừa Đảo list that carry the name of a brand of
  the catalog, the share the engine alone calls suspicious or scam. "Carries the name" is
  decided here independently of the engine, on the decoded, Vietnamese-folded host: a protected
  label of five letters or more anywhere; a four-letter label at either end of a run of letters;
  a three-letter label at the start of a run of letters (after the start, a dot, a hyphen or a
  digit). So "acb-online.com" and "vcbdigbink.com" count and "cacbroker.com.vn" does not. Hosts
  whose registrable domain is itself official (the list names pages under "oa.zalo.me") are left
  out and counted apart.
- False-positive rate: the share of the legitimate Vietnamese domains of
  ``tests/trust/fixtures/legit_domains_vn.tsv`` called suspicious or scam.
- Every official domain of the catalog (and its www. form) must be trusted.

    .venv/bin/python bench/trust_quality.py [--list PATH]

Last line: {"recall", "false_positive_rate", "official_trusted", "scam_hosts", "legit_domains", …}.
"""

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_LIST = ROOT.parent / "shared" / "data" / "chongluadao-blocklist" / "urls-pihole.txt"
LEGIT = ROOT / "tests" / "trust" / "fixtures" / "legit_domains_vn.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--show", type=int, default=0, help="print this many misses")
    parser.add_argument(
        "--quick", action="store_true", help="the same run: the whole list takes seconds"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import idna

    from langso.core.text import fold
    from langso.trust.catalog_data import BRANDS, shipped_catalog
    from langso.trust.engine import Engine, LinkError, Verdict
    from langso.trust.engine.hosts import PSL

    catalog = shipped_catalog()
    engine = Engine(catalog)
    flagged = {Verdict.SUSPICIOUS, Verdict.SCAM}
    labels = sorted({label for brand in catalog.brands for label in brand.labels}, key=len)
    longer = "|".join(label for label in labels if len(label) >= 5)
    four = "|".join(label for label in labels if len(label) == 4)
    three = "|".join(label for label in labels if len(label) == 3)
    bears = re.compile(rf"{longer}|(?<![a-z])(?:{four}|{three})|(?:{four})(?![a-z])")
    official = {domain for brand in BRANDS for domain in brand.domains}

    hosts = [
        line.strip()
        for line in args.list.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    bearing: list[str] = []
    official_in_list = 0
    for host in hosts:
        try:
            shown = idna.decode(host) if "xn--" in host else host
        except idna.IDNAError:
            shown = host
        if not bears.search(fold(shown)):
            continue
        if (PSL.privatesuffix(host) or "") in official:
            official_in_list += 1
            continue
        bearing.append(host)
    caught = 0
    verdicts: Counter[str] = Counter()
    missed: list[str] = []
    for host in bearing:
        try:
            verdict = engine.check(host).verdict
        except LinkError:
            verdict = Verdict.SUSPICIOUS  # What a message with this link would say.
        verdicts[str(verdict)] += 1
        if verdict in flagged:
            caught += 1
        else:
            missed.append(host)
    whole: Counter[str] = Counter()
    for host in hosts:
        try:
            whole[str(engine.check(host).verdict)] += 1
        except LinkError:
            whole["unreadable"] += 1

    legit = [
        line.split("\t")[0]
        for line in LEGIT.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    false_positives = [d for d in legit if engine.check(d).verdict in flagged]
    official_checks = [
        engine.check(form).verdict is Verdict.TRUSTED
        for domain in sorted(official)
        for form in (domain, f"https://www.{domain}/")
    ]

    for host in missed[: args.show]:
        print("missed:", host)
    print(
        f"list: {len(hosts)} hosts, {len(bearing)} carry a brand name "
        f"({official_in_list} more are under an official domain and left out)"
    )
    print(f"engine alone on the brand-bearing hosts: {dict(verdicts)}")
    print(f"engine alone on the whole list: {dict(whole)}")
    print(f"legitimate domains: {len(legit)}, flagged: {false_positives}")
    print(
        json.dumps(
            {
                "recall": round(caught / len(bearing), 4) if bearing else None,
                "false_positive_rate": round(len(false_positives) / len(legit), 4),
                "official_trusted": all(official_checks),
                "scam_hosts": len(bearing),
                "legit_domains": len(legit),
                "official_domains": len(official),
                "list_hosts": len(hosts),
                "list_flagged_share": round(
                    (whole[str(Verdict.SUSPICIOUS)] + whole[str(Verdict.SCAM)]) / len(hosts), 4
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
