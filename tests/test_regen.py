"""scripts/regen.py: check mode, determinism, atomicity and the pull path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import regen
from _recorder import recording_server
from _shared import ROOT

# Slow (runs the generator), fixed inputs, no shared data: left out of the second CI pass.
pytestmark = pytest.mark.slow

SCHEMA = ROOT / "openapi" / "campfire.json"
GENERATED = ROOT / "generated" / "campfire_api"


def _snapshot_tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the committed schema and generated package in a temp dir."""
    schema = tmp_path / "openapi" / "campfire.json"
    schema.parent.mkdir()
    shutil.copy(SCHEMA, schema)
    output = tmp_path / "generated" / "campfire_api"
    shutil.copytree(GENERATED, output, ignore=shutil.ignore_patterns("__pycache__"))
    return schema, output


def test_check_passes_on_the_committed_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert regen.main(["--check"]) == 0
    assert "matches" in capsys.readouterr().out


def test_check_fails_after_a_hand_edit(
    workspace: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    schema, output = workspace
    client = output / "client.py"
    client.write_text(client.read_text().replace("class Client", "class Kliant"))
    (output / "extra.py").write_text("x = 1\n")
    assert regen.main(["--check", "--schema-file", str(schema), "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert "changed: client.py" in err
    assert "unexpected: extra.py" in err


def test_check_fails_on_a_same_size_edit(workspace: tuple[Path, Path]) -> None:
    schema, output = workspace
    types = output / "types.py"
    text = types.read_text()
    types.write_text(text.replace("UNSET", "UNSEt", 1))
    assert len(types.read_text()) == len(text)
    assert regen.main(["--check", "--schema-file", str(schema), "--output", str(output)]) == 1


def test_regenerating_an_unchanged_schema_changes_no_file(
    workspace: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    schema, output = workspace
    before = _snapshot_tree(output)
    argv = ["--schema", str(schema), "--schema-file", str(schema), "--output", str(output)]
    assert regen.main(argv) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert regen.main([*argv, "--force"]) == 0, "a forced run regenerates from scratch"
    assert _snapshot_tree(output) == before, "same input, byte-identical output"
    assert schema.read_bytes() == SCHEMA.read_bytes()


def test_pull_from_a_url_replaces_the_schema_and_reports_drift(
    workspace: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    schema, output = workspace
    new = json.loads(SCHEMA.read_text())
    new["paths"]["/coa/api/v1/bill/{id}/"]["get"]["operationId"] = "coa_api_v1_bill_fetch"
    new["components"]["schemas"]["MarkPaidTransaction"]["properties"]["memo"] = {"type": "string"}
    with recording_server() as server:
        server.reply = new
        argv = ["--schema", f"{server.base_url}/api/schema?format=json"]
        files = ["--schema-file", str(schema), "--output", str(output)]
        before = _snapshot_tree(output)
        refused = regen.main([*argv, *files])
        refused_out, refused_err = capsys.readouterr()
        _assert_untouched(schema, output, before)
        code = regen.main([*argv, *files, "--accept-breaking"])
    out = capsys.readouterr().out
    assert refused == regen.BREAKING_EXIT, "the facade uses the renamed operation"
    assert "[needs a code change] coa_api_v1_bill_retrieve_2: operation removed" in refused_out
    assert "--accept-breaking" in refused_err
    assert code == 0
    assert json.loads(schema.read_text()) == new
    assert (output / "api" / "accounts_payable" / "coa_api_v1_bill_fetch.py").is_file()
    assert not (output / "api" / "accounts_payable" / "coa_api_v1_bill_retrieve_2.py").exists()
    assert "+ coa_api_v1_bill_fetch" in out
    assert "- coa_api_v1_bill_retrieve_2" in out
    assert "coa_api_v1_invoice_pay_create request transactions[].memo: added (string)" in out


def _assert_untouched(schema: Path, output: Path, before: dict[str, bytes]) -> None:
    assert schema.read_bytes() == SCHEMA.read_bytes()
    assert _snapshot_tree(output) == before
    leftovers = [p.name for p in output.parent.iterdir() if p.name != output.name]
    assert leftovers == [], "no scratch directories are left behind"


def test_offline_says_so_in_one_line_and_changes_nothing(
    workspace: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    schema, output = workspace
    before = _snapshot_tree(output)
    with recording_server() as server:
        dead = server.base_url  # the port is closed once the block ends
    argv = ["--schema", f"{dead}/api/schema", "--schema-file", str(schema), "--output", str(output)]
    assert regen.main(argv) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "unreachable" in err
    assert "nothing changed" in err
    _assert_untouched(schema, output, before)


def test_an_http_error_changes_nothing(
    workspace: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    schema, output = workspace
    before = _snapshot_tree(output)
    with recording_server() as server:
        server.status = 503
        argv = ["--schema", server.base_url, "--schema-file", str(schema), "--output", str(output)]
        assert regen.main(argv) == 1
    assert "HTTP 503" in capsys.readouterr().err
    _assert_untouched(schema, output, before)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"swagger": "2.0", "info": {}, "paths": {}}, "not an OpenAPI 3.x document"),
        ({"openapi": "3.0.3", "paths": {}}, "invalid OpenAPI document"),
    ],
)
def test_a_schema_that_is_not_valid_openapi_3_is_refused(
    workspace: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    document: dict[str, object],
    message: str,
) -> None:
    schema, output = workspace
    before = _snapshot_tree(output)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    assert (
        regen.main(["--schema", str(bad), "--schema-file", str(schema), "--output", str(output)])
        == 1
    )
    assert message in capsys.readouterr().err
    _assert_untouched(schema, output, before)


def test_a_generator_failure_changes_nothing(
    workspace: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema, output = workspace
    before = _snapshot_tree(output)
    doc = json.loads(SCHEMA.read_text())
    # Valid OpenAPI, but a response media type the generator cannot handle (it warns).
    bill = doc["paths"]["/coa/api/v1/bill/{id}/"]["get"]
    bill["responses"]["200"]["content"] = {"application/xml": {"schema": {"type": "string"}}}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    files = ["--schema-file", str(schema), "--output", str(output)]
    code = regen.main(["--schema", str(bad), *files, "--accept-breaking"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "nothing changed" in err
    _assert_untouched(schema, output, before)


def test_a_change_the_facade_follows_regenerates_without_accepting(
    workspace: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema, output = workspace
    new = json.loads(SCHEMA.read_text())
    item = new["components"]["schemas"]["MarkPaidEmptyTransaction"]["properties"]
    item["brand_new_reference"] = {"type": "string", "nullable": True, "maxLength": 256}
    source = tmp_path / "new.json"
    source.write_text(json.dumps(new))
    code = regen.main(
        ["--schema", str(source), "--schema-file", str(schema), "--output", str(output)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert (
        "[handled automatically] coa_api_v1_invoice_pay_create request "
        "empty_transactions[].brand_new_reference: added (string | null)"
    ) in out
    model = (output / "models" / "mark_paid_empty_transaction.py").read_text()
    assert "brand_new_reference" in model
