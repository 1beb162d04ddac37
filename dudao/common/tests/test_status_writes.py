"""“Nothing but a workflow service assigns ``.status``” (AGENTS.md), checked on the source.

Every non-test, non-migration module under ``dudao/`` is parsed with ``ast``; a write of a
``status`` attribute anywhere but the workflow kernel (``dudao/common/workflow.py``) fails:

- ``x.status = …``, ``x.status += …``, ``a, x.status = …``, ``x.status: T = …``;
- ``setattr(x, "status", …)``;
- ``<queryset>.update(status=…)`` (and ``update_or_create(defaults={"status": …})``).

Creating a row in its initial state (``Model.objects.create(status=…)``, ``Model(status=…)``) is
not a status change and is allowed. Test set-up helpers (``dudao/testing/``) may put rows in any
state. The allow-list names each remaining location by file and enclosing function."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the dudao package
KERNEL = ROOT / "common" / "workflow.py"

#: (path relative to dudao/, enclosing function) allowed to write a status outside the kernel.
ALLOWED: set[tuple[str, str]] = set()


def _is_status_key(node) -> bool:
    return isinstance(node, ast.Constant) and node.value == "status"


class _Finder(ast.NodeVisitor):
    def __init__(self):
        self.found: list[tuple[int, str]] = []
        self.scope: list[str] = []

    def _where(self) -> str:
        return self.scope[-1] if self.scope else "<module>"

    def visit_FunctionDef(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _targets(self, targets):
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Attribute) and node.attr == "status" and isinstance(node.ctx, ast.Store):
                    self.found.append((node.lineno, self._where()))

    def visit_Assign(self, node):
        self._targets(node.targets)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._targets([node.target])
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        if node.value is not None:
            self._targets([node.target])
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) >= 2 \
                and _is_status_key(node.args[1]):
            self.found.append((node.lineno, self._where()))
        if isinstance(func, ast.Attribute) and func.attr in ("update", "bulk_update"):
            if any(k.arg == "status" for k in node.keywords):
                self.found.append((node.lineno, self._where()))
            if func.attr == "bulk_update" and any(
                    isinstance(a, ast.List | ast.Tuple) and any(_is_status_key(e) for e in a.elts)
                    for a in [*node.args, *(k.value for k in node.keywords)]):
                self.found.append((node.lineno, self._where()))
        if isinstance(func, ast.Attribute) and func.attr in ("update_or_create", "get_or_create"):
            for k in node.keywords:
                if k.arg == "defaults" and isinstance(k.value, ast.Dict) and any(
                        _is_status_key(key) for key in k.value.keys) and func.attr == "update_or_create":
                    self.found.append((node.lineno, self._where()))
        self.generic_visit(node)


def status_writes(source: str) -> list[tuple[int, str]]:
    """(line, enclosing function) of every status write in ``source``."""
    finder = _Finder()
    finder.visit(ast.parse(source))
    return finder.found


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "migrations" in rel.parts or "tests" in rel.parts or path.name.startswith("test_"):
            continue
        if rel.parts[0] == "testing" or path == KERNEL:
            continue
        yield rel, path


def test_only_the_workflow_kernel_assigns_status():
    offenders = []
    for rel, path in _modules():
        for line, where in status_writes(path.read_text(encoding="utf-8")):
            if (rel.as_posix(), where) not in ALLOWED:
                offenders.append(f"dudao/{rel.as_posix()}:{line} ({where})")
    assert offenders == [], "status written outside the workflow kernel:\n" + "\n".join(offenders)


def test_the_allow_list_names_only_existing_writes():
    """An entry that no longer matches a write (the code moved) must be removed."""
    present = set()
    for rel, path in _modules():
        present |= {(rel.as_posix(), where) for _line, where in status_writes(path.read_text(encoding="utf-8"))}
    assert ALLOWED <= present, f"stale allow-list entries: {sorted(ALLOWED - present)}"


def test_the_finder_sees_every_form_of_status_write():
    source = '''
def a(x): x.status = "done"
def b(x): x.obj.status, y = "done", 1
def c(x): setattr(x, "status", "done")
def d(qs): qs.filter(pk=1).update(status="done")
def e(m): m.objects.update_or_create(pk=1, defaults={"status": "done"})
def f(m, rows): m.objects.bulk_update(rows, ["status"])
def g(x): x.status += "!"
def ok(m, x):
    m.objects.create(status="draft")
    m(status="draft")
    m.objects.filter(status="done").count()
    y = x.status
    setattr(x, "note", "status")
'''
    assert [where for _line, where in status_writes(source)] == ["a", "b", "c", "d", "e", "f", "g"]
