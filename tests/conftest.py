"""Shared fixtures: the C2|Q> dataset folder next to the repository."""

from pathlib import Path

import pytest

#: /work/shared/data/c2q when the repository is /work/main
DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "c2q"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The dataset folder; skips the test when it is not there."""
    if not (DATA_DIR / "json").is_dir() or not (DATA_DIR / "json_dsl").is_dir():
        pytest.skip(f"C2|Q> dataset not found at {DATA_DIR} (expected shared/data/c2q beside the repository)")
    return DATA_DIR
