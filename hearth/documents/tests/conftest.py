from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config.settings.base import documents_storage


@pytest.fixture(autouse=True)
def own_documents_folder(settings: Any, tmp_path: Path) -> None:
    """Each test keeps its documents in a folder of its own, so what one leaves behind another cannot see."""
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(tmp_path)}
