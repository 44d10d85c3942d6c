"""The house plan holds: folders along the data's path, no cycles, one place per decision.

These read the source (the AST of every module), not its behaviour: they
keep the structure a newcomer relies on from drifting back.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click

from ontwerptafel.cli import cli
from ontwerptafel.render import colours
from ontwerptafel.render.docx.document import RENDERERS
from ontwerptafel.render.pptx.slides import RENDERERS as PPTX_RENDERERS
from ontwerptafel.views.slides import SLIDE_KINDS

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "ontwerptafel"
TEMPLATES = PACKAGE.parents[1] / "report" / "templates" / "slides"
#: modules that may import the project's own modules inside a function: the
#: CLI (so --help starts at once) and the build (so a PDF-only build never
#: loads pandoc's side)
LAZY = {"ontwerptafel.cli", "ontwerptafel.build"}
#: and the modules of the CLI package
LAZY_PREFIX = "ontwerptafel.cli."
#: the one module that may name languages
LANGUAGE_MODULE = "ontwerptafel.views.i18n"
MAX_LINES = 330


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def own_imports(tree: ast.AST, known: set[str]) -> list[tuple[str, ast.AST]]:
    """Each import of a project module, with the node it stands in."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [(n, node) for n in names if n in known]
    return found


def test_no_import_cycles() -> None:
    mods = modules()
    graph = {
        name: {dep for dep, _ in own_imports(ast.parse(path.read_text()), set(mods))} - {name}
        for name, path in mods.items()
    }
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append(" -> ".join([*stack[stack.index(dep) :], dep]))
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert cycles == []


def test_no_own_import_inside_a_function_but_in_the_cli_and_build() -> None:
    mods = modules()
    inside = []
    for name, path in mods.items():
        if name in LAZY or name.startswith(LAZY_PREFIX):
            continue
        tree = ast.parse(path.read_text())
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                found = own_imports(fn, set(mods))
                inside += [f"{name}:{node.lineno} {dep}" for dep, node in found]
    assert sorted(set(inside)) == []


def test_every_module_says_its_job_in_one_line_and_stays_small() -> None:
    for name, path in modules().items():
        doc = ast.get_docstring(ast.parse(path.read_text()))
        assert doc, f"{name} has no docstring"
        assert doc.splitlines()[0].endswith((".", ":")), f"{name}: first line is not a sentence"
        lines = len(path.read_text().splitlines())
        assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_languages_are_named_in_one_module() -> None:
    literal = re.compile(r"""["'](nl|en)["']""")
    found = [
        f"{name}:{i}"
        for name, path in modules().items()
        if name != LANGUAGE_MODULE
        for i, line in enumerate(path.read_text().splitlines(), 1)
        if literal.search(line)
    ]
    assert found == []


def test_html_docx_and_pptx_draw_exactly_the_same_slide_kinds() -> None:
    templates = {p.name.removesuffix(".html.j2") for p in TEMPLATES.glob("*.html.j2")}
    assert templates == set(SLIDE_KINDS)
    assert set(RENDERERS) == set(SLIDE_KINDS)
    assert set(PPTX_RENDERERS) == set(SLIDE_KINDS)


def test_every_command_has_help_with_an_example() -> None:
    def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
        out = []
        for name, cmd in group.commands.items():
            out.append((prefix + name, cmd))
            if isinstance(cmd, click.Group):
                out += commands(cmd, f"{prefix}{name} ")
        return out

    for name, cmd in commands(cli):
        if isinstance(cmd, click.Group):
            assert cmd.help, name
            continue
        assert cmd.help, name
        assert "Example: ontwerptafel " in cmd.help, f"{name} has no example"


def test_the_stylesheet_declares_the_house_colours() -> None:
    css = (PACKAGE.parents[1] / "report" / "style" / "report.css").read_text(encoding="utf-8")
    declared = dict(re.findall(r"--(accent|ink|muted|flag):\s*(#[0-9a-f]{6});", css))
    assert declared == {
        "accent": colours.ACCENT,
        "ink": colours.INK,
        "muted": colours.MUTED,
        "flag": colours.FLAG,
    }


def test_every_domain_error_class_is_in_errors() -> None:
    defined = [
        f"{name}.{node.name}"
        for name, path in modules().items()
        if name != "ontwerptafel.errors"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef) and node.name.endswith("Error")
    ]
    assert defined == []


#: the folders in the order the data passes through them: each may import
#: from the folders before it, never from one after it
LAYERS = ("package", "views", "render", "publish", "sessions")
#: top-level modules every folder may use: they depend on no folder
SHARED = {"ontwerptafel", "ontwerptafel.errors", "ontwerptafel.files", "ontwerptafel.assets"}


def test_folders_import_only_from_the_folders_before_them() -> None:
    mods = modules()
    wrong = []
    for name, path in mods.items():
        parts = name.split(".")
        if len(parts) < 3 or parts[1] not in LAYERS:
            continue
        allowed = LAYERS[: LAYERS.index(parts[1]) + 1]
        for dep, _ in own_imports(ast.parse(path.read_text()), set(mods)):
            dep_parts = dep.split(".")
            if dep in SHARED or (len(dep_parts) > 1 and dep_parts[1] in allowed):
                continue
            wrong.append(f"{name} imports {dep}")
    assert sorted(set(wrong)) == []
