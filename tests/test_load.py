"""Twenty users chat at once while a report is uploaded: no errors, no cross-talk, answers unchanged.
(Correctness under load; the speed numbers come from bench/load.py.)"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from servers import running_app

import reports

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from load import run  # noqa: E402


def test_twenty_users_while_uploading(tmp_path: Path, seeded_copy: Path) -> None:
    data = seeded_copy
    upload = reports.write_docx(tmp_path / "xiangtan-2022.docx")
    with running_app(data) as url:
        result = run(url, users=20, seconds=15, upload=str(upload))
        for outside in ("/etc/passwd", "../../../../etc/passwd", str(data / "reportqa.sqlite")):
            request = urllib.request.Request(f"{url}gradio_api/file={outside}")
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code in (403, 404)
    assert result["error_count"] == 0, result["errors"]
    assert result["wrong_count"] == 0, result["wrong"]
    assert int(str(result["requests"])) >= 40
    assert "已入库" in str(result["upload"])
