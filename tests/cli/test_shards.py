"""``nightly --shard I/N`` and ``reprocess --slice I/N``: two processes on one machine share
the work against one embedded store (a real SQLite file, real crawls over 127.0.0.1)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from clusterwatch.devserver import serve_sites
from clusterwatch.ops.partition import Partition
from index.sqlite import SqliteStore
from tests.cli.rig import CODE, SITES

pytestmark = pytest.mark.slow

CANDIDATES = ("nowiny", "kurier", "gazeta", "dziennik", "tygodnik", "wiesci", "echo", "glos")


def _one_per_shard() -> list[str]:
    """Two source ids, the first on shard 1/2 and the second on shard 2/2."""
    first = next(c for c in CANDIDATES if Partition(1, 2).holds(c))
    second = next(c for c in CANDIDATES if Partition(2, 2).holds(c))
    return [first, second]


def _start(python: str, env: dict[str, str], cfg: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([python, "-c", CODE, "--config", str(cfg), *args], env=env,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _both(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str, str]]:
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=600)
        out.append((p.returncode, stdout, stderr))
    return out


def test_partition_is_stable_and_covers_everything() -> None:
    keys = [f"{i:016x}" for i in range(200)]
    parts = [Partition(i, 3) for i in (1, 2, 3)]
    owners = [[p for p in parts if p.holds(k)] for k in keys]
    assert all(len(o) == 1 for o in owners)  # each key in exactly one part
    assert all(sum(p.holds(k) for k in keys) > 40 for p in parts)  # spread
    assert Partition.parse(" 2/3 ") == Partition(2, 3) and str(Partition(2, 3)) == "2/3"
    for bad in ("0/2", "3/2", "1/0", "x", "1-2"):
        with pytest.raises(ValueError):
            Partition.parse(bad)


def test_two_shards_then_two_slices_at_once(tmp_path: Path, cli_env: dict[str, str],
                                            python: str) -> None:
    ids = _one_per_shard()
    root = tmp_path / "sites"
    for sid in ids:
        shutil.copytree(SITES / "nowiny", root / sid, ignore=shutil.ignore_patterns("_*"))
    with serve_sites(root) as server:
        cfg = tmp_path / "cfg"
        cfg.mkdir()
        (cfg / "sources.yaml").write_text("sources:\n" + "".join(
            f'  - id: {sid}\n    start_urls: ["{server.url(sid)}/"]\n'
            "    articles: ['/artykuly/\\d+\\.html$']\n    language: pl\n" for sid in ids),
            encoding="utf-8")
        (cfg / "members.yaml").write_text("members: []\n", encoding="utf-8")
        (cfg / "settings.yaml").write_text(
            "crawl: {delay: 0, autothrottle: false, timeout: 30, retries: 1}\n",
            encoding="utf-8")
        shards = _both([_start(python, cli_env, cfg, "nightly", "--json", "--workers", "1",
                               "--shard", f"{i}/2") for i in (1, 2)])
        bad = subprocess.run([python, "-c", CODE, "--config", str(cfg), "nightly", "--shard",
                              "3/2"], env=cli_env, capture_output=True, text=True, timeout=120)
    for i, (code, out, err) in enumerate(shards):
        assert code == 0, err[-3000:]
        report = json.loads(out)
        assert [s["source"] for s in report["run"]["sources"]] == [ids[i]]  # its own only
        assert report["run"]["status"] == "ok"
    assert bad.returncode == 2 and "--shard" in bad.stderr
    store = SqliteStore(cli_env["CLUSTERWATCH_STORE"])
    assert store.stats().by_source == {ids[0]: 6, ids[1]: 6}
    assert len(store.runs()) == 2
    slices = _both([_start(python, cli_env, cfg, "reprocess", "--json", "--workers", "1",
                           "--slice", f"{i}/2") for i in (1, 2)])
    seen = []
    for code, out, err in slices:
        assert code == 0, err[-3000:]
        total = json.loads(out)["total"]
        assert total["errors"] == 0 and total["seen"] > 0
        seen.append(total["seen"])
    assert sum(seen) == 12  # every stored document once, in one of the two slices
    runs = [r for r in store.runs() if r.kind == "reprocess"]
    assert sorted(r.notes.get("slice") for r in runs) == ["1/2", "2/2"]
    store.close()
