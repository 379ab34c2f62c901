"""The API key never comes out of the lookup and export commands, even when Campfire's data
holds it (a careless user who pasted it into a customer name, or a server that echoes it)."""

from __future__ import annotations

import json
from pathlib import Path

from _cli_runner import run_cli
from _schema_ops import needs_feed

from campfire_pay._engine.operations import optional_operation
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.sandbox import Sandbox

HAS_FEED = optional_operation(BY_KIND["invoice"].payments_operation) is not None


def test_find_list_and_export_mask_the_key_in_campfires_data(
    sandbox: Sandbox, env: dict[str, str]
) -> None:
    key = sandbox.api_key
    doc = sandbox.add_invoice("100.00", number="INV-7", customer=f"Acme {key}")
    if HAS_FEED:
        sandbox.record_payment(doc, "1.00", external_id=key)
    commands = [
        ("invoice", "find", "INV-7"),
        ("invoice", "find", "INV-7", "--json"),
        ("invoice", "list"),
        ("invoice", "list", "--json"),
    ]
    if HAS_FEED:
        commands += [
            ("payments", "export", "--kind", "invoice"),
            ("payments", "export", "--kind", "invoice", "--format", "jsonl"),
        ]
    for command in commands:
        done = run_cli(*command, env=env)
        assert done.returncode == 0, (command, done.stderr)
        assert key not in done.stdout + done.stderr, command
        shown = "INV-7" if command[0] == "payments" else "Acme"
        assert shown in done.stdout, command  # the rest is shown as it is
    lines = run_cli("invoice", "list", "--json", env=env).stdout.splitlines()
    assert all(isinstance(json.loads(line), dict) for line in lines), "still one JSON per line"


def test_control_characters_in_campfires_text_cannot_rewrite_the_find_table(
    sandbox: Sandbox, env: dict[str, str]
) -> None:
    # A carriage return and an escape sequence in a customer name would let the server
    # overwrite the line on a terminal and show another id than the one found.
    spoof = "Acme\rINV-7: 999999 \x1b[2K\x9b2K"
    sandbox.add_invoice("100.00", number="INV-7", customer=spoof)
    for command in (("invoice", "find", "INV-7"), ("invoice", "list")):
        done = run_cli(*command, env=env)
        assert done.returncode == 0, done.stderr
        assert not any(c in done.stdout for c in "\r\x1b\x9b"), command
        assert "Acme" in done.stdout


@needs_feed
def test_a_cursor_echoing_the_key_is_never_written_to_the_state_file(tmp_path: Path) -> None:
    from _cli_runner import cli_env
    from _recorder import recording_server

    key = "sk_live_" + "7" * 32
    state = tmp_path / "state.json"
    payment = {
        "id": 1,
        "invoice_id": 5,
        "amount": "1.00",
        "last_modified_at": "2026-01-01T00:00:00Z",
    }
    with recording_server() as server:
        server.reply = {"next": f"http://x/?cursor={key}", "results": [payment]}
        done = run_cli(
            "payments",
            "export",
            "--kind",
            "invoice",
            "--state",
            str(state),
            env=cli_env(key, server.base_url),
        )
    assert key not in done.stdout + done.stderr
    assert state.exists(), done.stderr
    assert key not in state.read_text()
