"""What each install costs: size on disk and time of ``pip install`` into a fresh venv, per extra.

    python benchmarks/install_size.py                  # core and all -> benchmarks/results/install/
    python benchmarks/install_size.py --extras core rl

The wheel is built once from this checkout (no build isolation); each variant gets a fresh venv
in a temporary folder, ``pip install`` from the package index as a user would (torch==2.13.0 first
where the variant needs torch, as the README says), and is measured: wall seconds of the installs
and the venv's size on disk. pip's download cache is whatever this machine has: say so when
comparing (a cold cache adds the downloads).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
import venv
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TORCH = "torch==2.13.0"  # the CPU build served for exactly this version
NEEDS_TORCH = {"rl", "all"}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--extras", nargs="+", default=["core", "all"], help="core, rl, ray, all")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "install")
    return p.parse_args()


def build_wheel(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(folder)],
        check=True,
    )
    (wheel,) = folder.glob("c2q-*.whl")
    return wheel


def size_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def measure(extra: str, wheel: Path, work: Path) -> dict:
    env_dir = work / f"venv-{extra}"
    venv.create(env_dir, with_pip=True)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q"]
    target = str(wheel) if extra == "core" else f"c2q[{extra}] @ {wheel.as_uri()}"
    start = time.perf_counter()
    if extra in NEEDS_TORCH:
        subprocess.run([*pip, TORCH], check=True)
    subprocess.run([*pip, target], check=True)
    seconds = time.perf_counter() - start
    check = subprocess.run(
        [str(env_dir / "bin" / "c2q"), "--version"], capture_output=True, text=True, check=True, cwd=work
    ).stdout.strip()
    return {"extra": extra, "install_s": round(seconds, 1), "venv_mb": round(size_bytes(env_dir) / 1e6), "c2q": check}


def main() -> None:
    args = parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="c2q-install-") as tmp:
        work = Path(tmp)
        wheel = build_wheel(work)
        for extra in args.extras:
            row = measure(extra, wheel, work)
            print(f"{extra:>5}: {row['venv_mb']} MB, installed in {row['install_s']} s ({row['c2q']})")
            rows.append(row)
    meta = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "python": platform.python_version()}
    (args.out / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
    lines = [
        "# Install size and time per extra",
        "",
        f"`python benchmarks/install_size.py` ({meta['date'][:10]}, Python {meta['python']}): a fresh venv per "
        "variant, `pip install` of the wheel built from this checkout, torch 2.13.0 (CPU) first where needed; "
        "pip's download cache was warm, so the times leave out downloads.",
        "",
        "| install | venv size | install time |",
        "|---|---|---|",
    ]
    for row in rows:
        name = "`pip install c2q`" if row["extra"] == "core" else f'`pip install "c2q[{row["extra"]}]"`'
        lines.append(f"| {name} | {row['venv_mb']} MB | {row['install_s']} s |")
    (args.out / "summary.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out / 'summary.md'}")


if __name__ == "__main__":
    main()
