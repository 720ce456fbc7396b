"""The vendored front-end files are complete and self-contained, and no template breaks the strict CSP.

The site's Content-Security-Policy allows scripts, styles, fonts and images from this site only, with no
inline code: a url() that points elsewhere, an inline <script> or a style="" attribute fails silently in the
browser, so these checks catch them here. No database is needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent
STATIC = CORE / "static"
VENDOR = STATIC / "vendor"
HEARTH_PACKAGE = CORE.parent
TEMPLATES = sorted(HEARTH_PACKAGE.glob("*/templates/**/*.html"))
CSS_FILES = sorted(STATIC.rglob("*.css"))

URL_RE = re.compile(r"""url\(\s*(?P<quote>["']?)(?P<url>[^"')]+)(?P=quote)\s*\)""")
SOURCE_MAP_RE = re.compile(r"sourceMappingURL=(?P<url>\S+)")
INLINE_SCRIPT_RE = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE_RE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT_RE = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER_RE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
JS_MODULE_IMPORT_RE = re.compile(
    r"""(?:\bfrom\s*|\bimport\s*\(\s*)(?P<quote>["'])(?P<path>\.{1,2}/[^"']+)(?P=quote)"""
)

EXPECTED_VENDOR_FILES = [
    "govuk-frontend/govuk-frontend.min.css",
    "govuk-frontend/govuk-frontend.min.js",
    "moj-frontend/moj-frontend.min.css",
    "moj-frontend/moj-frontend.min.js",
    "README.md",
]


def resolve_static_url(css_file: Path, url: str) -> Path | None:
    """The file a url() in a stylesheet under static/ loads, or None when it points off this site."""
    url = url.split("#", 1)[0].split("?", 1)[0]
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) or url.startswith("//"):
        return None
    if url.startswith("/static/"):
        return STATIC / url.removeprefix("/static/")
    if url.startswith("/"):
        return None
    return (css_file.parent / url).resolve()


def test_vendored_files_are_present() -> None:
    missing = [name for name in EXPECTED_VENDOR_FILES if not (VENDOR / name).is_file()]
    assert not missing, f"missing vendored files (see static/vendor/README.md to refresh): {missing}"


def test_vendor_folder_holds_only_built_files_and_stays_small() -> None:
    files = [path for path in VENDOR.rglob("*") if path.is_file()]
    assert not [p for p in files if p.suffix == ".map" or "node_modules" in p.parts]
    assert not [p for p in files if p.suffix in {".scss", ".mjs", ".njk"}]
    total = sum(path.stat().st_size for path in files)
    assert total < 1_000_000, f"static/vendor has grown to {total} bytes"


@pytest.mark.parametrize("css_file", CSS_FILES, ids=lambda p: str(p.relative_to(STATIC)))
def test_every_css_url_is_a_file_under_static(css_file: Path) -> None:
    text = css_file.read_text(encoding="utf-8-sig")
    problems = []
    for match in URL_RE.finditer(text):
        url = match.group("url").strip()
        if url.startswith("data:"):
            continue
        target = resolve_static_url(css_file, url)
        if target is None:
            problems.append(f"{url}: points off this site's /static/")
        elif not target.resolve().is_relative_to(STATIC.resolve()):
            problems.append(f"{url}: resolves outside static/")
        elif not target.is_file():
            problems.append(f"{url}: no such file {target}")
    assert not problems, problems


def test_vendored_css_refers_to_its_assets() -> None:
    # Guards against a rebuild that silently drops the assets path (absolute /assets/ URLs would 404).
    for name in ("govuk-frontend/govuk-frontend.min.css", "moj-frontend/moj-frontend.min.css"):
        urls = [m.group("url") for m in URL_RE.finditer((VENDOR / name).read_text(encoding="utf-8-sig"))]
        assert urls, f"{name} has no url() at all: was it built from the right source?"
        assert not [u for u in urls if u.startswith("/assets/")], f"{name} still uses /assets/ paths"


def test_vendored_css_does_not_load_the_gov_uk_only_font() -> None:
    # GDS Transport is licensed for GOV.UK only; Hearth is a council service, so it uses Arial.
    for name in ("govuk-frontend/govuk-frontend.min.css", "moj-frontend/moj-frontend.min.css"):
        text = (VENDOR / name).read_text(encoding="utf-8-sig")
        assert "GDS Transport" not in text
        assert "@font-face" not in text


@pytest.mark.parametrize(
    "path",
    sorted(p for p in STATIC.rglob("*") if p.suffix in {".css", ".js"}),
    ids=lambda p: str(p.relative_to(STATIC)),
)
def test_source_map_comments_point_at_shipped_files(path: Path) -> None:
    # ManifestStaticFilesStorage follows sourceMappingURL comments and fails collectstatic on a missing map.
    for match in SOURCE_MAP_RE.finditer(path.read_text(encoding="utf-8-sig")):
        url = match.group("url").rstrip("*/ ")
        assert (path.parent / url).is_file(), f"{path.name} refers to a missing source map {url}"


def test_vendored_scripts_are_es_modules_exporting_init_all() -> None:
    for name in ("govuk-frontend/govuk-frontend.min.js", "moj-frontend/moj-frontend.min.js"):
        text = (VENDOR / name).read_text(encoding="utf-8")
        exports = re.search(r"export\s*\{([^}]*)\}", text)
        assert exports, f"{name} is not an ES module"
        assert "initAll" in exports.group(1).split(","), f"{name} does not export initAll"
        assert not re.search(r"""\bfrom\s*["'][^./]""", text), f"{name} imports a bare package name"


def test_hearth_js_imports_resolve_to_static_files() -> None:
    script = STATIC / "hearth" / "hearth.js"
    imports = [m.group("path") for m in JS_MODULE_IMPORT_RE.finditer(script.read_text(encoding="utf-8"))]
    assert "../vendor/govuk-frontend/govuk-frontend.min.js" in imports
    for relative in imports:
        assert (script.parent / relative).resolve().is_file(), f"hearth.js imports missing {relative}"


def test_base_template_loads_the_assets_as_files() -> None:
    base = (CORE / "templates" / "core" / "base.html").read_text(encoding="utf-8")
    for asset in (
        "vendor/govuk-frontend/govuk-frontend.min.css",
        "vendor/moj-frontend/moj-frontend.min.css",
        "hearth/hearth.css",
    ):
        assert f"{{% static '{asset}' %}}" in base
        assert (STATIC / asset).is_file()
    assert """<script type="module" src="{% static 'hearth/hearth.js' %}"></script>""" in base


def test_templates_were_found() -> None:
    assert CORE / "templates" / "core" / "base.html" in TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(HEARTH_PACKAGE)))
def test_template_has_no_inline_script_or_style(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT_RE.search(text), "inline <script> (needs src=...): the CSP blocks it"
    assert not STYLE_ATTRIBUTE_RE.search(text), (
        "style= attribute: the CSP blocks it; use a class in hearth.css"
    )
    assert not STYLE_ELEMENT_RE.search(text), "<style> element: the CSP blocks it; use hearth.css"
    assert not EVENT_HANDLER_RE.search(text), (
        "on...= event handler attribute: the CSP blocks it; use hearth.js"
    )
    assert "javascript:" not in text.lower(), "javascript: URL: the CSP blocks it"
