"""Every write the desktop app makes goes through the one operation path (ui/operations.py), so a
failure is shown one way and the pages hear what changed. This reads the source: a service method
that writes (it opens a unit of work or a write transaction, sets a meta row, applies pulled
records, or calls another service method that does), named anywhere in ``caravan_app/ui`` outside
a call of ``run_op`` / ``run_now`` / ``call_op`` / ``ops.run`` / ``ops.run_now`` / ``ops.call`` (or a function
handed to one), is a bypass. The allow-list is empty and stays so.

What it reads as a service: ``<x>.app.<service>`` (any ``App`` attribute), a local name or
``self.<attr>`` bound to one, ``getattr(app, "<service>")``, a service class made in place
(``SiteImporter(...)``). What it takes as the path: an argument of the calls above, a function
handed to one by name in the same module, an argument of a helper that hands its own parameter to
one (``_act(fn)``), and a lambda a method returns (a form's save, run by whoever takes it). The
runtime side — the path's commits stay quiet in the watcher — is tests/gui/test_operation_path.py."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "caravan_app" / "services"
UI = ROOT / "caravan_app" / "ui"

ALLOWED: set[str] = set()  # "ui/file.py:Service.method" — none

# What writes inside a service method (``x.name(...)`` or ``name(...)``).
_WRITES = {"unit", "unit_of_work", "write", "write_conn", "set_meta", "apply_remote"}
_OPS_FUNCS = {"run_op", "run_now", "call_op"}
_OPS_METHODS = {"run", "run_now", "call"}


def _called_name(call: ast.Call) -> str | None:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


def service_writes() -> dict[str, set[str]]:
    """Writing methods per service class, to a fixed point: within a class (``self.m()``) and
    across services (``self.visits.arrive()`` — any service's writing method of that name)."""
    classes: dict[str, dict[str, ast.FunctionDef]] = {}
    for path in SERVICES.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                classes[node.name] = {
                    f.name: f for f in node.body if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                }
    writes: dict[str, set[str]] = {c: set() for c in classes}
    changed = True
    while changed:
        changed = False
        any_write = {m for ms in writes.values() for m in ms}
        for cls, methods in classes.items():
            for name, fn in methods.items():
                if name in writes[cls]:
                    continue
                for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
                    called = _called_name(call)
                    f = call.func
                    own = isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self"
                    other = isinstance(f, ast.Attribute) and isinstance(f.value, ast.Attribute)
                    if (
                        called in _WRITES
                        or (own and called in writes[cls])
                        or (other and called in any_write and f.value.attr != "db")  # type: ignore[union-attr]
                    ):
                        writes[cls].add(name)
                        changed = True
                        break
    return writes


def app_services() -> dict[str, str]:
    """``App`` attribute → service class, from the return annotations in services/app.py."""
    tree = ast.parse((SERVICES / "app.py").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "App":
            for f in node.body:
                if isinstance(f, ast.FunctionDef) and isinstance(f.returns, ast.Name | ast.Constant):
                    ann = f.returns.id if isinstance(f.returns, ast.Name) else str(f.returns.value)
                    out[f.name] = ann
    return out


@dataclass(frozen=True)
class Bypass:
    where: str  # ui/file.py:line
    what: str  # Service.method

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


class _Scan(ast.NodeVisitor):
    """Names a service's writing method outside the operation path."""

    def __init__(self, rel: str, tree: ast.Module, writes: dict[str, set[str]], services: dict[str, str]) -> None:
        self.rel, self.writes, self.services = rel, writes, services
        self.found: list[Bypass] = []
        self.on_path: set[int] = set()  # ids of nodes inside an argument of an ops call
        self.handed: set[str] = set()  # names of functions handed to an ops call (``work``, ``self._start``)
        self.attrs: dict[str, str] = {}  # ``self.<attr>`` → service class (``self.importer = SiteImporter(...)``)
        self.aliases: list[dict[str, str]] = [{}]  # local names → service class, per function
        forwarders = self._forwarders(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (self._is_ops_call(node) or _called_name(node) in forwarders):
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    for sub in ast.walk(arg):
                        self.on_path.add(id(sub))
                    if isinstance(arg, ast.Name):
                        self.handed.add(arg.id)
                    elif isinstance(arg, ast.Attribute):
                        self.handed.add(arg.attr)
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                t, cls = node.targets[0], self._made(node.value)
                if cls and isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                    self.attrs[t.attr] = cls

    @classmethod
    def _forwarders(cls, tree: ast.Module) -> set[str]:
        """Helpers that hand a function they are given to an ops call (``def _act(self, fn):
        run_now(self, fn, vid)``): what is given to them is on the path too."""
        out: set[str] = set()
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                params = {a.arg for a in [*fn.args.args, *fn.args.kwonlyargs]}
                for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call) and cls._is_ops_call(n)):
                    if any(isinstance(a, ast.Name) and a.id in params for a in call.args):
                        out.add(fn.name)
        return out

    @staticmethod
    def _is_ops_call(call: ast.Call) -> bool:
        f = call.func
        if isinstance(f, ast.Name):
            return f.id in _OPS_FUNCS
        if isinstance(f, ast.Attribute) and f.attr in _OPS_METHODS:
            v = f.value
            return (isinstance(v, ast.Attribute) and v.attr == "ops") or (isinstance(v, ast.Name) and v.id == "ops")
        return False

    def _made(self, value: ast.expr) -> str | None:
        """The service class ``value`` makes: ``SiteImporter(...)``."""
        if isinstance(value, ast.Call):
            name = _called_name(value)
            if name in self.writes:
                return name
        return None

    def _service_of(self, expr: ast.expr) -> str | None:
        if isinstance(expr, ast.Attribute):
            if expr.attr in self.services and not (isinstance(expr.value, ast.Name) and expr.value.id == "self"):
                return self.services[expr.attr]  # app.visits, self.app.visits, self.w.app.sync
            if isinstance(expr.value, ast.Name) and expr.value.id == "self":
                return self.attrs.get(expr.attr)
        if isinstance(expr, ast.Call) and _called_name(expr) == "getattr" and len(expr.args) >= 2:
            name = expr.args[1]  # getattr(self.app, "privacy", None)
            if isinstance(name, ast.Constant) and name.value in self.services:
                return self.services[name.value]
        if isinstance(expr, ast.Name):
            for scope in reversed(self.aliases):
                if expr.id in scope:
                    return scope[expr.id]
        return self._made(expr)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        handed = not isinstance(node, ast.Lambda) and node.name in self.handed
        if handed:
            for sub in ast.walk(node):
                self.on_path.add(id(sub))
        self.aliases.append({})
        self.generic_visit(node)
        self.aliases.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function  # noqa: N815

    def visit_Return(self, node: ast.Return) -> None:  # noqa: N802
        """A function made and returned (``_saver``: the save of a form) runs where it is taken;
        the scan cannot follow it there, so it is not judged here."""
        if isinstance(node.value, ast.Lambda):
            for sub in ast.walk(node.value):
                self.on_path.add(id(sub))
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:  # noqa: N802
        self.generic_visit(node)
        targets = node.targets[0].elts if isinstance(node.targets[0], ast.Tuple) else node.targets
        values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
        for t, v in zip(targets, values, strict=False):
            cls = self._service_of(v) if isinstance(t, ast.Name) else None
            if cls and isinstance(t, ast.Name):
                self.aliases[-1][t.id] = cls

    def visit_Attribute(self, node: ast.Attribute) -> None:  # noqa: N802
        cls = self._service_of(node.value)
        if cls and node.attr in self.writes.get(cls, set()) and id(node) not in self.on_path:
            self.found.append(Bypass(f"{self.rel}:{node.lineno}", f"{cls}.{node.attr}"))
        self.generic_visit(node)


def bypasses(root: Path = UI) -> Iterator[Bypass]:
    writes, services = service_writes(), app_services()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        if rel == "ui/operations.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scan = _Scan(rel, tree, writes, services)
        scan.visit(tree)
        yield from (b for b in scan.found if f"{rel}:{b.what}" not in ALLOWED)


def test_the_scan_knows_the_writing_service_methods() -> None:
    """The guard is only as good as its list: the writes a crew makes every day are on it, the
    reads pages make on every refresh are not."""
    w = service_writes()
    for cls, method in [
        ("AttendanceService", "tally"),
        ("AttendanceService", "mark_tally_checked"),
        ("VisitService", "arrive"),
        ("VisitService", "new_signin_token"),
        ("SigninSessionService", "scan"),  # through VisitService / AttendanceService
        ("SigninSessionService", "open"),
        ("MileageService", "record"),
        ("CatalogService", "set_this_device"),
        ("SyncService", "sync_now"),
    ]:
        assert method in w[cls], f"{cls}.{method} is not seen as a write"
    for cls, method in [("VisitService", "get"), ("AttendanceService", "totals"), ("CatalogService", "caravans")]:
        assert method not in w[cls], f"{cls}.{method} is a read"


def test_the_scan_finds_a_write_past_the_path(tmp_path: Path) -> None:
    """A dialog that counts by itself, an alias of a service, a service made in place."""
    ui = tmp_path / "ui"
    ui.mkdir()
    (ui / "bad.py").write_text(
        "class D:\n"
        "    def count(self):\n"
        "        self.app.attendance.tally('v', 'teacher', 1)\n"
        "    def later(self):\n"
        "        att = self.app.attendance\n"
        "        self.runner.submit(att.tally, 'v', 'teacher', 1)\n"
        "        sync = getattr(self.app, 'sync', None)\n"
        "        sync.sync_now()\n"
        "    def good(self):\n"
        "        run_now(self, self.app.attendance.tally, 'v', 'teacher', 1)\n"
        "        run_op(self, lambda: self.app.visits.arrive('v'))\n"
        "        def work():\n"
        "            return self.app.visits.arrive('v')\n"
        "        self.ops.call(self, work)\n",
        encoding="utf-8",
    )
    found = [str(b) for b in bypasses(ui)]
    assert found == [
        "ui/bad.py:3: AttendanceService.tally",
        "ui/bad.py:6: AttendanceService.tally",
        "ui/bad.py:8: SyncService.sync_now",
    ]


def test_every_ui_write_goes_through_the_operation_path() -> None:
    found = [str(b) for b in bypasses()]
    assert found == [], "writes past the operation path (use run_op / run_now):\n" + "\n".join(found)


# Where a caller names kinds beside what the service's units of work wrote: data no synced entity
# stands for (the meta row of an enrolment or a sync, the sign-in server's state, the phone's link,
# the sign-ins a purge blanks in place). Anywhere else the service says what it changed.
DECLARED: dict[str, str] = {
    "ui/pages/signin_page.py:new_link": "the phone's link changes with the token",
    "ui/pages/sync_page.py:enroll": "the enrolment's meta row (sync state, this laptop's van)",
    "ui/shell_services.py:start": "the sign-in server starts; the sync's meta row",
    "ui/shell_services.py:stop": "the sign-in server stops",
    "ui/shell_services.py:purge_personal_data": "the purge blanks sign-ins in place",
}


def declared_changes(root: Path = UI) -> Iterator[str]:
    """``file:function`` of each ops call given ``changes=`` outside the operation path itself."""
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        if rel == "ui/operations.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
                if (_Scan._is_ops_call(call) or _called_name(call) in _OPS_FUNCS) and any(
                    k.arg == "changes" for k in call.keywords
                ):
                    yield f"{rel}:{fn.name}"


def test_pages_leave_the_change_kinds_to_the_service() -> None:
    """A page does not say what a write changed when the service's units of work say it (a
    declared kind beside them would make every page showing it reload for nothing)."""
    found = sorted(set(declared_changes()) - set(DECLARED))
    assert found == [], "changes= the service already says (drop it, or name the local data in DECLARED):\n" + (
        "\n".join(found)
    )
    assert set(DECLARED) <= set(declared_changes()), "DECLARED names a call that no longer declares"
