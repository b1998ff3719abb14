"""Self-contained map pages: every script and style inside the HTML file.

A folium map links about a dozen files on public CDNs (Leaflet, jQuery,
Bootstrap, Font Awesome, awesome-markers and each plugin's script) and
draws a blank page without a network. Here the links are replaced by the
files themselves, taken from installed packages rather than copied into
this repository: Leaflet from ``xstatic-leaflet`` (the same 1.9.3 folium
links), and the heat-map plugin from folium's own package data. What the
suite's maps do not use (jQuery, Bootstrap, Font Awesome, awesome-markers)
is left out, which keeps a district map near 0.3 MB.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path

import folium
from branca.element import CssLink, Element, JavascriptLink
from folium.elements import JSCSSMixin

from ..errors import YubeiGasError

__all__ = ["OfflineMapError", "offline_html", "save_offline", "show_offline"]

# folium's Map links these by default; the suite's maps use none of them
_UNUSED_MAP_ASSETS = frozenset({
    "jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
    "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css",
})

# a reference that would make a browser reach the network
_EXTERNAL = re.compile(r"""https?://|["'(=]\s*//[a-z0-9-]+\.[a-z]""", re.IGNORECASE)


class OfflineMapError(YubeiGasError):
    """A map needs a file the suite does not ship, or still links the network."""


def _leaflet_dir() -> Path:
    try:
        from xstatic.pkg import leaflet
    except ImportError:
        raise OfflineMapError(
            "离线地图需要 xstatic-leaflet：pip install xstatic-leaflet",
            "Offline maps need Leaflet from xstatic-leaflet: "
            "pip install xstatic-leaflet",
        ) from None
    return Path(leaflet.BASE_DIR)


def _defang(script: str) -> str:
    # "://" in a JS string, regex or comment reads the same as ":\/\/", so
    # namespace ids and licence headers stay valid without a literal URL
    return script.replace("://", r":\/\/")


def _leaflet_css() -> str:
    folder = _leaflet_dir()
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    # comments only hold links to browser bugs; CSS has no escape to defang them
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)

    def inline(match: re.Match[str]) -> str:
        data = (folder / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode()})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


def _folium_file(name: str) -> Callable[[], str]:
    def read() -> str:
        path = Path(folium.__file__).parent / "templates" / name
        return _defang(path.read_text(encoding="utf-8"))

    return read


# leaflet.heat draws on a canvas sized from the map; in an iframe that is not
# laid out yet the size is 0 and getImageData throws. Skip such a frame: the
# layer redraws on the map's next move or resize.
_HEAT_GUARD = """
(function () {
  var redraw = L.HeatLayer.prototype._redraw;
  L.HeatLayer.prototype._redraw = function () {
    var size = this._map && this._map.getSize();
    if (!size || !size.x || !size.y || !this._canvas.width || !this._canvas.height) {
      this._frame = null;
      return this;
    }
    return redraw.call(this);
  };
})();
"""


def _heat_plugin() -> str:
    return _folium_file("leaflet_heat.min.js")() + "\n" + _HEAT_GUARD


# asset name as folium declares it -> (kind, reader of its text)
_ASSETS: dict[str, tuple[str, Callable[[], str]]] = {
    "leaflet_css": ("css", _leaflet_css),
    "leaflet": ("js", lambda: _defang(
        (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8"))),
    "leaflet-heat.js": ("js", _heat_plugin),
}


@cache
def _asset(name: str) -> str:
    return _ASSETS[name][1]()


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def _needed_assets(m: folium.Map) -> list[str]:
    """Names of the assets the map's elements declare, Leaflet first."""
    names: list[str] = []
    for element in _walk(m):
        if not isinstance(element, JSCSSMixin):
            continue
        for name, _url in [*element.default_js, *element.default_css]:
            if name in _ASSETS:
                names.append(name)
            elif not (element is m and name in _UNUSED_MAP_ASSETS):
                raise OfflineMapError(
                    f"地图元素 {type(element).__name__} 需要的脚本 {name} "
                    "未随软件提供，无法离线显示",
                    f"{type(element).__name__} needs {name}, which the suite does not "
                    "ship for offline pages; use another element or add the asset",
                )
    first = ["leaflet_css", "leaflet"]
    return first + [n for n in dict.fromkeys(names) if n not in first]


def offline_html(m: folium.Map, allow: Sequence[str] = ()) -> str:
    """The map as one HTML page that opens and draws with no network.

    Parameters
    ----------
    m
        A map built by this package (or any map using only Leaflet and the
        heat plugin).
    allow
        URL prefixes that may stay, such as a tile URL configured in
        ``params/maps.yaml``; by default none.

    Returns
    -------
    str
        The page, with Leaflet's script and style, images as data URIs and
        each plugin inlined.

    Raises
    ------
    OfflineMapError
        When an element needs a file the suite does not ship, or when a
        network reference is left in the page.
    """
    names = _needed_assets(m)
    root = m.get_root()
    # links left in the header by an earlier render (a notebook display)
    for key, child in list(root.header._children.items()):
        if isinstance(child, JavascriptLink | CssLink):
            del root.header._children[key]
    elements = [e for e in _walk(m) if isinstance(e, JSCSSMixin)]
    saved = [{k: e.__dict__[k] for k in ("default_js", "default_css")
              if k in e.__dict__} for e in elements]
    for element in elements:
        element.default_js, element.default_css = [], []
    try:
        page = root.render()
    finally:
        for element, own in zip(elements, saved, strict=True):
            del element.default_js, element.default_css
            element.__dict__.update(own)

    blocks = []
    for name in names:
        kind = _ASSETS[name][0]
        tag = "style" if kind == "css" else "script"
        blocks.append(f"<{tag}>\n{_asset(name)}\n</{tag}>")
    page = page.replace("<head>", "<head>\n" + "\n".join(blocks), 1)
    _check_offline(page, allow)
    return page


def _check_offline(page: str, allow: Sequence[str]) -> None:
    for match in _EXTERNAL.finditer(page):
        rest = page[match.start():match.start() + 300].lstrip("\"'(= ")
        if any(rest.startswith(prefix) for prefix in allow):
            continue
        raise OfflineMapError(
            f"离线地图中仍有网络地址：{rest[:80]}",
            f"The offline map still references the network: {rest[:80]}",
        )


def save_offline(m: folium.Map, path: str | Path, allow: Sequence[str] = ()) -> Path:
    """Write :func:`offline_html` of ``m`` to ``path`` (UTF-8); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(offline_html(m, allow), encoding="utf-8")
    return path


class OfflinePage:
    """A notebook output showing a self-contained page in an iframe."""

    def __init__(self, page: str, height: int) -> None:
        self.page, self.height = page, height

    def _repr_html_(self) -> str:
        from ..present import embed_page

        return embed_page(self.page, self.height)


def show_offline(m: folium.Map, height: int = 560,
                 allow: Sequence[str] = ()) -> OfflinePage:
    """The offline page in an iframe, for a notebook cell's output.

    A folium map shown the usual way in a notebook links the CDN; this
    embeds the self-contained page instead, so that the exported briefing
    draws the map offline too.
    """
    return OfflinePage(offline_html(m, allow), height)
