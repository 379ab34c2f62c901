"""What changed between two schemas, with the operations the facade uses in full detail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schema_tools.fields import (
    describe_parameter,
    flatten,
    operation_parameters,
    request_root,
    response_root,
    root_name,
)
from schema_tools.impact import Impact, assess_change, assess_note
from schema_tools.openapi import iter_operations

FACADE_OPERATIONS = (
    "coa_api_v1_invoice_pay_create",
    "coa_api_v1_bill_pay_create",
    "coa_api_v1_invoice_retrieve",
    "coa_api_v1_bill_retrieve_2",
)
# What the namespaces (campfire.invoices, campfire.bills) use besides the pay and the read. A
# schema without one of them costs only the method that uses it (OperationUnavailableError),
# so their coming and going is reported, never a reason to stop a regeneration.
NAMESPACE_OPERATIONS = (
    "coa_api_v1_invoice_bulk_search_create",
    "coa_api_v1_bill_bulk_search_create",
    "coa_api_v1_invoice_list",
    "coa_api_v1_bill_retrieve",
    "coa_api_v1_invoice_payments_list",
    "coa_api_v1_bill_payments_list",
    "coa_api_v1_invoice_payment_void_create",
    "coa_api_v1_bill_payment_void_create",
    "coa_api_v1_invoice_payment_void_destroy",
    "coa_api_v1_bill_payment_void_destroy",
)


@dataclass(frozen=True)
class FieldChange:
    """One request or response field that was added, removed or changed in type."""

    operation: str
    side: str  # "request", "response", or a parameter's place: "path", "query"
    path: str
    change: str  # "added", "removed", "type", "required"
    old: str | None
    new: str | None
    breaking: bool

    def __str__(self) -> str:
        mark = "BREAKING" if self.breaking else "additive"
        if self.change == "added":
            what = f"added ({self.new})"
        elif self.change == "removed":
            what = f"removed (was {self.old})"
        else:
            what = f"{self.change}: {self.old} -> {self.new}"
        return f"  [{mark}] {self.operation} {self.side} {self.path}: {what}"


@dataclass
class Drift:
    """The drift between an old and a new schema."""

    operations_added: list[str] = field(default_factory=list)
    operations_removed: list[str] = field(default_factory=list)
    schemas_added: list[str] = field(default_factory=list)
    schemas_removed: list[str] = field(default_factory=list)
    facade_changes: list[FieldChange] = field(default_factory=list)
    facade_notes: list[str] = field(default_factory=list)
    impacts: list[Impact] = field(default_factory=list)
    namespace_notes: list[str] = field(default_factory=list)

    @property
    def needs_code_change(self) -> bool:
        """True when a change touches what the facade sends or reads and it cannot follow."""
        return any(impact.needs_code_change for impact in self.impacts)

    @property
    def breaking(self) -> bool:
        """True when something the facade relies on changed incompatibly."""
        return bool(self.facade_notes) or any(c.breaking for c in self.facade_changes)

    @property
    def empty(self) -> bool:
        """True when the two schemas agree on everything this report looks at."""
        return not (
            self.operations_added
            or self.operations_removed
            or self.schemas_added
            or self.schemas_removed
            or self.facade_changes
            or self.facade_notes
            or self.namespace_notes
        )

    def render(self) -> str:
        """The report as text, one finding per line."""
        if self.empty:
            return "schema drift: none"
        lines = [
            "schema drift:",
            f"operations: +{len(self.operations_added)} -{len(self.operations_removed)}",
            *(f"  + {op}" for op in self.operations_added),
            *(f"  - {op}" for op in self.operations_removed),
            f"schemas: +{len(self.schemas_added)} -{len(self.schemas_removed)}",
            *(f"  + {name}" for name in self.schemas_added),
            *(f"  - {name}" for name in self.schemas_removed),
            f"facade operations: {len(self.facade_changes)} field changes, "
            f"{sum(c.breaking for c in self.facade_changes)} breaking",
            *(f"  [BREAKING] {note}" for note in self.facade_notes),
            *(str(change) for change in self.facade_changes),
            f"facade impact: {len(self.impacts)} changes touch what the facade sends or reads, "
            f"{sum(i.needs_code_change for i in self.impacts)} need a code change",
            *(str(impact) for impact in self.impacts),
            f"namespace operations: {len(self.namespace_notes)} changes (each costs only the "
            "method that uses it)",
            *(f"  {note}" for note in self.namespace_notes),
        ]
        return "\n".join(lines)


def operations(schema: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Map operation id (or ``METHOD path``) to ``(method, path, operation)``."""
    return {
        operation.get("operationId") or f"{method.upper()} {path}": (method, path, operation)
        for path, method, operation in iter_operations(schema)
    }


def _compare_fields(
    op_id: str,
    side: str,
    old: tuple[dict[str, str], set[str]],
    new: tuple[dict[str, str], set[str]],
) -> list[FieldChange]:
    (old_fields, old_required), (new_fields, new_required) = old, new
    changes: list[FieldChange] = []
    for path in sorted(old_fields.keys() | new_fields.keys()):
        before, after = old_fields.get(path), new_fields.get(path)
        if before is None:
            breaking = side == "request" and path in new_required
            changes.append(FieldChange(op_id, side, path, "added", None, after, breaking))
        elif after is None:
            changes.append(FieldChange(op_id, side, path, "removed", before, None, True))
        elif before != after:
            changes.append(FieldChange(op_id, side, path, "type", before, after, True))
        elif side == "request" and path in new_required and path not in old_required:
            changes.append(FieldChange(op_id, side, path, "required", "optional", "required", True))
    return changes


def _compare_parameters(
    op_id: str,
    old: tuple[dict[str, Any], str, dict[str, Any]],
    new: tuple[dict[str, Any], str, dict[str, Any]],
) -> list[FieldChange]:
    (old_schema, old_path, old_op), (new_schema, new_path, new_op) = old, new
    before = operation_parameters(old_schema, old_path, old_op)
    after = operation_parameters(new_schema, new_path, new_op)
    changes: list[FieldChange] = []
    for key in sorted(before.keys() | after.keys()):
        place, name = key.split(":", 1)
        was, now = before.get(key), after.get(key)
        if was is None and now is not None:
            required = bool(now.get("required"))
            described = describe_parameter(new_schema, now)
            changes.append(FieldChange(op_id, place, name, "added", None, described, required))
        elif now is None and was is not None:
            described = describe_parameter(old_schema, was)
            changes.append(FieldChange(op_id, place, name, "removed", described, None, True))
        elif was is not None and now is not None:
            old_type = describe_parameter(old_schema, was)
            new_type = describe_parameter(new_schema, now)
            if old_type != new_type:
                changes.append(FieldChange(op_id, place, name, "type", old_type, new_type, True))
            elif now.get("required") and not was.get("required"):
                changes.append(
                    FieldChange(op_id, place, name, "required", "optional", "required", True)
                )
    return changes


def drift(old: dict[str, Any], new: dict[str, Any]) -> Drift:
    """Compare ``old`` with ``new``."""
    old_ops, new_ops = operations(old), operations(new)
    old_schemas = set(old.get("components", {}).get("schemas", {}))
    new_schemas = set(new.get("components", {}).get("schemas", {}))
    report = Drift(
        operations_added=sorted(new_ops.keys() - old_ops.keys()),
        operations_removed=sorted(old_ops.keys() - new_ops.keys()),
        schemas_added=sorted(new_schemas - old_schemas),
        schemas_removed=sorted(old_schemas - new_schemas),
    )
    for op_id in FACADE_OPERATIONS:
        if op_id not in old_ops or op_id not in new_ops:
            if op_id in old_ops:
                report.facade_notes.append(f"{op_id}: operation removed")
                report.impacts.append(assess_note(op_id, "operation removed", "removed", set()))
            continue
        (old_method, old_path, old_op), (new_method, new_path, new_op) = (
            old_ops[op_id],
            new_ops[op_id],
        )
        if (old_method, old_path) != (new_method, new_path):
            moved = (
                f"{op_id}: moved from {old_method.upper()} {old_path} "
                f"to {new_method.upper()} {new_path}"
            )
            report.facade_notes.append(moved)
            kind = "moved" if old_method == new_method else "method"
            report.impacts.append(assess_note(op_id, moved, kind, set()))
        report.facade_changes += _compare_parameters(
            op_id, (old, old_path, old_op), (new, new_path, new_op)
        )
        for side, root in (("request", request_root), ("response", response_root)):
            old_root, new_root = root(old_op), root(new_op)
            changes = _compare_fields(op_id, side, flatten(old, old_root), flatten(new, new_root))
            if side == "response" and root_name(old_root) != root_name(new_root):
                # One line for the new type, not one per field of the old and the new.
                removed = sum(c.change == "removed" for c in changes)
                added = sum(c.change == "added" for c in changes)
                note = (
                    f"{op_id}: response is now {root_name(new_root)} "
                    f"(was {root_name(old_root)}); replaces {len(changes)} field changes "
                    f"({removed} removed, {added} added, {len(changes) - removed - added} changed)"
                )
                report.facade_notes.append(note)
                new_fields = set(flatten(new, new_root)[0])
                report.impacts.append(assess_note(op_id, note, "root", new_fields))
                continue
            report.facade_changes += changes
    report.impacts += [
        impact for change in report.facade_changes if (impact := assess_change(change)) is not None
    ]
    report.namespace_notes = _namespace_notes(old, new, old_ops, new_ops)
    return report


def _namespace_notes(
    old: dict[str, Any],
    new: dict[str, Any],
    old_ops: dict[str, tuple[str, str, dict[str, Any]]],
    new_ops: dict[str, tuple[str, str, dict[str, Any]]],
) -> list[str]:
    """One line per namespace operation that came, went, moved or changed a parameter."""
    notes: list[str] = []
    for op_id in NAMESPACE_OPERATIONS:
        was, now = old_ops.get(op_id), new_ops.get(op_id)
        if was is None and now is not None:
            notes.append(f"+ {op_id}: now in the schema; its namespace method works")
        elif was is not None and now is None:
            notes.append(f"- {op_id}: not in the new schema; its namespace method will say so")
        elif was is not None and now is not None:
            if (was[0], was[1]) != (now[0], now[1]):
                notes.append(f"~ {op_id}: moved to {now[0].upper()} {now[1]}")
            changes = _compare_parameters(op_id, (old, was[1], was[2]), (new, now[1], now[2]))
            notes += [f"~ {str(change).strip()}" for change in changes]
    return notes
