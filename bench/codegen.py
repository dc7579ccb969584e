"""Benchmark of the build script, all figures measured in one run on a temp copy of the repo.

    python bench/codegen.py [--repeat N]

(a) full regeneration: ``scripts/generate.py --force`` versus the bare generator CLIs run one
    after another on the same effective specs (``openapi-python-client generate`` with its default
    ruff post-hooks, then ``datamodel-codegen``, per spec), printed as a ratio ours/bare;
(b) the no-op run (nothing changed); (c) ``--check``, answered from generated/MANIFEST.json (goal:
under 0.5 s), and ``--check --full``, which regenerates everything to compare; (d) the big vendor
spec, Runway's 1.1 MB file with 64 operations, alone: ours (load, normalize, validate, both
generators, format, audit) versus the bare CLIs on the effective spec ours wrote (the raw file
would make opc drop every operation, which is fast but not a comparison). Each figure is the
median of N runs, each a fresh process, so interpreter start-up is counted on both sides.

Why the comparison is fair but not equal: ours also validates and lints every spec, applies the
Topaz overlay, stamps headers, hashes files and swaps the tree in atomically, and runs the specs
side by side (one thread per spec, each driving generator processes); the bare run does none of
that and runs serially, as a maintainer typing the commands would.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv's bin: the pinned generator CLIs and ruff

sys.path.insert(0, str(REPO))  # the build-only copy helper the codegen tests use
from tests.codegen.repo_copy import copy_repo  # noqa: E402


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")


def median_times(actions: dict[str, Callable[[], None]], repeat: int) -> dict[str, float]:
    """Median seconds per action. Rounds interleave the actions, so a load spike from other
    processes on a shared machine hits all of them alike instead of skewing one figure."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def big_spec_times(tmp: Path, env: dict[str, str], repeat: int) -> tuple[float, float]:
    """(ours, bare) seconds for Runway's spec alone, in a copy whose codegen.yaml lists only it."""
    root = copy_repo(tmp / "big")
    shutil.rmtree(root / "generated")
    shutil.copy(REPO / "tests/codegen/corpus/runway.json", root / "specs/runway.json")
    (root / "specs/codegen.yaml").write_text(
        "specs:\n  runway:\n    spec: specs/runway.json\n    vendor: true\n", encoding="utf-8"
    )
    script = [sys.executable, str(root / "scripts/generate.py"), "--root", str(root), "-q"]
    run(script, root)
    effective = root / "generated/imagejobs_gen_runway/openapi.json"
    out = tmp / "big-bare"

    def bare() -> None:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        run(
            [str(BIN / "openapi-python-client"), "generate", "--path", str(effective),
             "--meta", "none", "--output-path", str(out / "runway"), "--overwrite"],
            out, env,
        )  # fmt: skip
        run(
            [str(BIN / "datamodel-codegen"), "--input", str(effective), "--input-file-type",
             "openapi", "--output", str(out / "runway" / "schemas.py"),
             "--output-model-type", "pydantic_v2.BaseModel",
             # Runway writes every schema inline (no components/schemas): the default scope
             # finds no model, so the bare run reads the operations too, as ours does.
             "--openapi-scopes", "schemas", "api"],
            out, env,
        )  # fmt: skip

    medians = median_times({"ours": lambda: run([*script, "--force"], root), "bare": bare}, repeat)
    return medians["ours"], medians["bare"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="imagejobs-bench-") as tmp:
        root = copy_repo(Path(tmp) / "repo")
        script = [sys.executable, str(root / "scripts/generate.py"), "--root", str(root), "-q"]
        # Bring the copy's generated/ up to date first, so the no-op and --check figures are
        # for a current tree, and so its openapi.json files are the effective specs (overlays
        # applied) that the bare CLIs get.
        run(script, root)
        manifest = json.loads((root / "generated/MANIFEST.json").read_text(encoding="utf-8"))
        packages = [entry["package"] for entry in manifest["specs"].values()]
        effective = Path(tmp) / "effective"
        effective.mkdir()
        for package in packages:
            shutil.copy(
                root / "generated" / package / "openapi.json", effective / f"{package}.json"
            )

        # The default post-hooks call `ruff` from PATH: make it the pinned one.
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        bare_out = Path(tmp) / "bare"

        def bare() -> None:
            shutil.rmtree(bare_out, ignore_errors=True)
            bare_out.mkdir()
            for package in packages:
                spec = str(effective / f"{package}.json")
                out = bare_out / package
                run(
                    [str(BIN / "openapi-python-client"), "generate", "--path", spec,
                     "--meta", "none", "--output-path", str(out), "--overwrite"],
                    bare_out, env,
                )  # fmt: skip
                run(
                    [str(BIN / "datamodel-codegen"), "--input", spec, "--input-file-type",
                     "openapi", "--output", str(out / "schemas.py"),
                     "--output-model-type", "pydantic_v2.BaseModel"],
                    bare_out, env,
                )  # fmt: skip

        load_before = os.getloadavg()[0]
        # After each --force the tree is current again, so the no-op and --check that follow
        # in the same round measure what they claim to.
        medians = median_times(
            {
                "ours": lambda: run([*script, "--force"], root),
                "bare": bare,
                "noop": lambda: run(script, root),
                "check": lambda: run([*script, "--check"], root),
                "check_full": lambda: run([*script, "--check", "--full"], root),
            },
            args.repeat,
        )
        ours_full, bare_full, noop, check, check_full = (
            medians[k] for k in ("ours", "bare", "noop", "check", "check_full")
        )
        big_ours, big_bare = big_spec_times(Path(tmp), env, args.repeat)

    rows = [
        ("full regeneration, ours (--force)", ours_full, ours_full / bare_full),
        ("full regeneration, bare CLIs", bare_full, 1.0),
        ("no-op (nothing changed)", noop, noop / bare_full),
        ("--check (from the manifest)", check, check / bare_full),
        ("--check --full (regenerates)", check_full, check_full / bare_full),
        ("Runway 1.1 MB alone, ours (--force)", big_ours, big_ours / big_bare),
        ("Runway 1.1 MB alone, bare CLIs", big_bare, 1.0),
    ]
    print(
        f"{len(packages)} specs ({', '.join(packages)}); median of {args.repeat} runs;"
        f" {os.cpu_count()} CPUs; Python {sys.version.split()[0]};"
        f" load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(f"{'what':<38} {'seconds':>8} {'x bare':>7}")
    for what, seconds, ratio in rows:
        print(f"{what:<38} {seconds:>8.2f} {ratio:>7.2f}")
    print(f"ratio ours/bare for full regeneration: {ours_full / bare_full:.2f}")
    print(
        f"--check on an unchanged tree: {check:.2f} s ({'under' if check < 0.5 else 'NOT under'} 0.5 s)"
    )
    print(f"ratio ours/bare for Runway alone: {big_ours / big_bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
