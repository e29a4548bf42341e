"""scripts/check_portable.py: the numeric-environment matrix it runs nbval under."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import check_portable  # noqa: E402

KNOBS = {"ATEN_CPU_CAPABILITY", "MKL_ENABLE_INSTRUCTIONS", "ONEDNN_MAX_CPU_ISA",
         "OPENBLAS_CORETYPE"}


def test_native_changes_nothing():
    assert check_portable.environment("native") == dict(os.environ)


def test_at_least_three_perturbed_environments_switch_every_library():
    perturbed = [name for name in check_portable.ENVIRONMENTS if name != "native"]
    assert len(perturbed) >= 3
    for name in perturbed:
        assert KNOBS <= set(check_portable.ENVIRONMENTS[name]), name
    assert len({tuple(sorted(check_portable.ENVIRONMENTS[n].items())) for n in perturbed}) \
        == len(perturbed)


def test_numpy_switches_only_name_features_this_cpu_has():
    env = check_portable.environment("sse")
    assert env["ATEN_CPU_CAPABILITY"] == "default"
    disabled = set(env.get("NPY_DISABLE_CPU_FEATURES", "").split())
    assert disabled <= check_portable.numpy_features()


def test_nothing_in_utils_or_notebooks_pins_a_kernel():
    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("utils/**/*.py"), *root.glob("notebooks/*.ipynb"), root / "pyproject.toml"]
    texts = [p.read_text(encoding="utf-8") for p in files]
    for knob in [*KNOBS, "NPY_DISABLE_CPU_FEATURES"]:
        assert not any(knob in t for t in texts), f"{knob} is set inside the course"
