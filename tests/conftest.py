from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def spark():
    """The one local Spark session of this test process (tests marked `spark` use it)."""
    from beltatlas.engine import spark_session

    return spark_session()
