"""``bulk resolve FILE``: a run's unknown outcomes settled on Campfire, no pay sent; then a
resume pays what was proven never applied, and nothing twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from _cli_runner import run_cli
from _later import later, later_env

from campfire_pay import AsyncCampfire
from campfire_pay.bulk import plan_csv, run_plan
from campfire_pay.bulk.resolve import resolve_run
from campfire_pay.sandbox import Sandbox

HEADER = "kind,document_id,source,source_id,amount,date\n"


def _file(sandbox: Sandbox, tmp_path: Path) -> tuple[Path, int, int]:
    a, b = sandbox.add_invoice("100.00"), sandbox.add_invoice("100.00")
    ta, tb = sandbox.add_bank_transaction("100.00"), sandbox.add_bank_transaction("100.00")
    path = tmp_path / "payments.csv"
    path.write_text(
        HEADER
        + f"invoice,{a.id},transaction,{ta.id},40.00,\ninvoice,{b.id},transaction,{tb.id},50.00,\n"
    )
    sandbox.faults.add("drop_before_forward", path=f"/invoice/{a.id}/pay/")
    return path, a.id, b.id


def _pays(sandbox: Sandbox) -> int:
    return sum(1 for r in sandbox.audit.requests if r.path.endswith("/pay/"))


def test_resolve_run_settles_an_unknown_document_and_a_resume_pays_it_once(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, a, b = _file(sandbox, tmp_path)
    plan = plan_csv(path)

    async def main() -> None:
        options = {"settle_time": 0.3, "reconcile_grace": 0.05, "max_retries": 0}
        async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, **options) as c:
            first = await run_plan(plan, c)
            assert sorted(o.status for o in first) == ["paid", "unknown"]
            too_soon = await resolve_run(plan, c)
            assert [o.status for o in too_soon] == ["unknown"]
            later(sandbox, monkeypatch)
            settled = await resolve_run(plan, c)
            assert [(o.document.document_id, o.status) for o in settled] == [(a, "retryable")]
            assert await resolve_run(plan, c) == [], "nothing left to settle"
            sent = _pays(sandbox)
            resumed = await run_plan(plan, c, resume=True)
            assert sorted(o.status for o in resumed) == ["paid", "paid"]
            assert _pays(sandbox) == sent + 1, "only the document proven never applied"

    asyncio.run(main())
    assert len(sandbox.invoice(a).payments) == 1
    assert len(sandbox.invoice(b).payments) == 1


@pytest.mark.slow
def test_bulk_resolve_on_the_command_line(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    path, a, _ = _file(sandbox, tmp_path)
    nothing = run_cli("bulk", "resolve", str(path), env=env)
    assert nothing.returncode == 2
    assert "no run of this file" in nothing.stderr
    first = run_cli("bulk", "pay", str(path), env=env)
    assert first.returncode == 1, first.stderr
    settled = run_cli("bulk", "resolve", str(path), env=later_env(sandbox, env, tmp_path))
    assert settled.returncode == 0, settled.stderr
    assert f"invoice:{a}: never applied" in settled.stdout
    resumed = run_cli("bulk", "pay", str(path), "--resume", env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert len(sandbox.invoice(a).payments) == 1
