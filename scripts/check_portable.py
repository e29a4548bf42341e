"""Run the notebook tests under several numeric environments and print a table.

usage: python scripts/check_portable.py [--env NAME ...] [PREFIX ...]
       python scripts/check_portable.py --list

Learners run the course on CPUs whose numeric kernels differ from the one that recorded the
stored outputs. This script imitates that on one machine: each environment below switches
PyTorch (ATen), MKL, oneDNN, OpenBLAS and NumPy to other SIMD code paths, which round
differently, then runs strict nbval over the notebooks (``PREFIX``es, all when none) in a
fresh process. The course is portable when every cell passes in every environment.

Nothing here pins a kernel for the learner: the switches live only in this script and in
``.ci/run``'s second nbval pass.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from run_notebooks import notebook_paths  # noqa: E402

#: NumPy's dispatch targets beyond the x86-64-v2 baseline (numpy >= 2.4 names). Unknown
#: names are dropped at run time, so the same table works on ARM (where they do not exist).
_NUMPY_AVX512 = ["X86_V4", "AVX512_ICL", "AVX512_SPR"]
_NUMPY_AVX2 = ["X86_V3"]

#: name -> environment variables. "native" changes nothing.
ENVIRONMENTS: dict[str, dict[str, str]] = {
    "native": {},
    "avx2": {  # a typical laptop of the last ten years (AVX2, no AVX-512)
        "ATEN_CPU_CAPABILITY": "avx2",
        "MKL_ENABLE_INSTRUCTIONS": "AVX2",
        "ONEDNN_MAX_CPU_ISA": "AVX2",
        "OPENBLAS_CORETYPE": "Haswell",
        "NPY_DISABLE_CPU_FEATURES": " ".join(_NUMPY_AVX512),
    },
    "sse": {  # no vector extensions past SSE4: scalar-ish kernels everywhere
        "ATEN_CPU_CAPABILITY": "default",
        "MKL_ENABLE_INSTRUCTIONS": "SSE4_2",
        "ONEDNN_MAX_CPU_ISA": "SSE41",
        "OPENBLAS_CORETYPE": "Sandybridge",
        "NPY_DISABLE_CPU_FEATURES": " ".join(_NUMPY_AVX512 + _NUMPY_AVX2),
    },
    "mixed": {  # AVX-512 ATen with AVX-only MKL and a Zen OpenBLAS
        "ATEN_CPU_CAPABILITY": "avx512",
        "MKL_ENABLE_INSTRUCTIONS": "AVX",
        "ONEDNN_MAX_CPU_ISA": "AVX2",
        "OPENBLAS_CORETYPE": "Zen",
    },
}


def numpy_features() -> set[str]:
    """NumPy's dispatch targets that this CPU supports (empty if NumPy hides them): only
    those can be switched off without NumPy warning at import."""
    out = subprocess.run(
        [sys.executable, "-c", "from numpy._core import _multiarray_umath as m;"
         "print(' '.join(f for f in m.__cpu_dispatch__ if m.__cpu_features__.get(f)))"],
        capture_output=True, text=True, check=False,
    )
    return set(out.stdout.split())


def environment(name: str) -> dict[str, str]:
    """The process environment for ``name``: this one plus the switches, NumPy's filtered."""
    env = dict(os.environ)
    switches = dict(ENVIRONMENTS[name])
    if "NPY_DISABLE_CPU_FEATURES" in switches:
        known = numpy_features()
        kept = [f for f in switches["NPY_DISABLE_CPU_FEATURES"].split() if f in known]
        switches["NPY_DISABLE_CPU_FEATURES"] = " ".join(kept)
        if not kept:
            del switches["NPY_DISABLE_CPU_FEATURES"]
    env.update(switches)
    return env


def run_nbval(paths: list[Path], env_name: str) -> tuple[dict[str, str], float]:
    """Strict nbval over ``paths`` in environment ``env_name``: {notebook: verdict}, seconds."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rf", "--no-header", *map(str, paths)],
        cwd=ROOT, env=environment(env_name), capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - start
    failed: dict[str, int] = {}
    for line in result.stdout.splitlines():
        match = re.match(r"FAILED notebooks/([^:]+\.ipynb)::", line)
        if match:
            failed[match.group(1)] = failed.get(match.group(1), 0) + 1
    if result.returncode not in (0, 1) or (result.returncode == 1 and not failed):
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
        raise SystemExit(f"pytest could not run in environment {env_name!r}:\n{tail}")
    verdicts = {
        p.name: (f"{failed[p.name]} failed" if p.name in failed else "pass") for p in paths
    }
    return verdicts, seconds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*", help="notebook name prefixes, e.g. 03 05")
    parser.add_argument("--env", action="append", choices=sorted(ENVIRONMENTS),
                        help="environment(s) to run; default: all")
    parser.add_argument("--list", action="store_true", help="print the environments and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, switches in ENVIRONMENTS.items():
            print(f"{name:>7}: " + (" ".join(f"{k}={v!r}" for k, v in switches.items())
                                    or "(this machine as it is)"))
        return 0
    paths = notebook_paths(args.prefixes)
    names = args.env or list(ENVIRONMENTS)
    table: dict[str, dict[str, str]] = {}
    for name in names:
        table[name], seconds = run_nbval(paths, name)
        print(f"[{name}: {seconds:.0f} s]", flush=True)
    width = max(len(p.name) for p in paths)
    print(f"\n{'notebook':<{width}}  " + "  ".join(f"{n:>10}" for n in names))
    for p in paths:
        print(f"{p.name:<{width}}  " + "  ".join(f"{table[n][p.name]:>10}" for n in names))
    bad = sum(v != "pass" for col in table.values() for v in col.values())
    print(f"\n{bad} notebook × environment cell(s) failing")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
