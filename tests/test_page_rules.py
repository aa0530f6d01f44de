"""House rules for the pages and the package: thin pages without SQL, no streamlit in gdmetrics, no
import cycle, no private name used across modules, the formatter decides the layout."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p for p in (ROOT / "pages").glob("*.py") if p.name != "ui.py")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_hold_no_sql_and_stay_thin(page):
    text = page.read_text()
    assert "duckdb" not in text
    assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s", text)
    assert len(text.splitlines()) <= 150


def test_gdmetrics_never_imports_streamlit():
    offenders = [
        p
        for p in (ROOT / "gdmetrics").rglob("*.py")
        if re.search(r"^\s*(import|from) streamlit", p.read_text(), re.M)
    ]
    assert offenders == []


def _package_imports(root: str = "gdmetrics") -> dict[str, set[str]]:
    """Module -> the package's modules it imports when loaded (module level; a package import
    runs its __init__)."""
    modules = {}
    for path in (ROOT / root).rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    graph = {}
    for name, path in modules.items():
        deps = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == root:
                deps |= {
                    f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                    for a in node.names
                }
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name in modules}
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def test_gdmetrics_has_no_import_cycle():
    graph, state, cycles = _package_imports(), {}, []

    def visit(name: str, stack: list[str]) -> None:
        state[name] = "open"
        for dep in sorted(graph[name]):
            if state.get(dep) == "open":
                cycles.append(" -> ".join([*stack[stack.index(dep) :], dep]))
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_no_private_name_is_used_across_modules():
    """A `_name` is its module's own: another module importing it means it is public."""
    offenders = []
    for path in [
        *ROOT.glob("*.py"),
        *(p for d in ("gdmetrics", "pages", "tests", "bench") for p in (ROOT / d).rglob("*.py")),
    ]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                offenders += [
                    f"{path.relative_to(ROOT)}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    assert offenders == []


def test_the_formatter_decides_the_layout():
    """Fewer than a handful of `# fmt: skip`: a line the formatter may not touch needs a reason."""
    files = [
        *ROOT.glob("*.py"),
        *(p for d in ("gdmetrics", "pages", "tests", "bench") for p in (ROOT / d).rglob("*.py")),
    ]
    skips = [
        f"{p.relative_to(ROOT)}"
        for p in files
        for line in p.read_text().splitlines()
        if line.rstrip().endswith("# fmt: skip")
    ]
    assert len(skips) < 5, skips
