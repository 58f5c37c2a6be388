"""Fonts: find an installed Chinese TrueType font and embed a subset of it.

Every PDF the library writes (notices, rosters, the annual report) embeds a
subset of a Chinese TrueType font, so that it shows the same text on every
reader and can be archived. The font is found once per process:

1. the candidate files come from fontconfig (``fc-list``) when it is installed
   and from the usual font folders of Debian/Red Hat, Windows and macOS
   (:data:`FONT_DIRS`);
2. each face of each file (a ``.ttc`` holds several) is read with reportlab's
   own TrueType parser: its outline type (a ``glyf`` table for TrueType, a
   ``CFF `` or ``CFF2`` table for PostScript outlines), whether reportlab can
   embed it, and whether it has glyphs for 中, 国 and 罚;
3. the first usable face in a fixed order wins (:data:`PREFERRED`, then the
   remaining files by path).

reportlab embeds only TrueType outlines: OpenType fonts with PostScript (CFF)
outlines, such as Noto Sans CJK (Debian's ``fonts-noto-cjk``), are skipped.
When no usable font is installed, the built-in ``STSong-Light`` is used,
which is not embedded, with a logged warning saying what recipients will see.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import hashlib
import io
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator, Sequence

from attrs import frozen
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

from enforcement.errors import NoticeError
from enforcement_pdf.subset import EmbeddedTTFont

log = logging.getLogger(__name__)

BUILTIN_FONT = "STSong-Light"
"""reportlab's built-in CID font: needs no file, is not embedded. Pass it as the
font to choose it on purpose (no discovery, no warning)."""
CODE_FONT = "Courier"

SAMPLE = "中国罚"
"""A face "covers Chinese" when it has a glyph for each of these characters."""

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
MAX_FONT_BYTES = 256 * 1024 * 1024
"""Larger files are not read (the largest CJK collections are about 130 MB)."""


def _font_dirs() -> tuple[str, ...]:
    home = os.path.expanduser("~")
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows"
    local = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
    return (
        # Debian/Ubuntu, Red Hat/Fedora and other freedesktop systems
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        os.path.join(home, ".local", "share", "fonts"),
        os.path.join(home, ".fonts"),
        # Windows: the system folder and per-user installs
        os.path.join(windir, "Fonts"),
        os.path.join(local, "Microsoft", "Windows", "Fonts"),
        # macOS
        "/Library/Fonts",
        "/System/Library/Fonts",
        os.path.join(home, "Library", "Fonts"),
    )


FONT_DIRS: tuple[str, ...] = _font_dirs()
"""The folders searched (recursively) besides what fontconfig reports."""

PREFERRED: tuple[tuple[str, str], ...] = (
    # Song/Ming (宋体/明体) faces first: the look of printed decisions and of
    # the built-in STSong-Light the layout was designed with.
    ("simsun.tt?", "SimSun 宋体 (Windows)"),
    ("songti.ttc", "Songti SC 宋体 (macOS)"),
    ("notoserifsc*.ttf", "Noto Serif SC, TrueType build"),
    ("sourcehanserif*.tt?", "Source Han Serif, TrueType build"),
    ("uming.ttc", "AR PL UMing 明体 (fonts-arphic-uming)"),
    ("simfang.ttf", "FangSong 仿宋 (Windows)"),
    ("stfangsong.ttf", "STFangsong 华文仿宋 (macOS)"),
    # Then sans (黑体) faces.
    ("wqy-zenhei.ttc", "WenQuanYi Zen Hei 文泉驿正黑 (fonts-wqy-zenhei)"),
    ("wqy-microhei.ttc", "WenQuanYi Micro Hei 文泉驿微米黑 (fonts-wqy-microhei)"),
    ("notosanssc*.ttf", "Noto Sans SC, TrueType build"),
    ("sourcehansans*.tt?", "Source Han Sans, TrueType build"),
    ("simhei.ttf", "SimHei 黑体 (Windows)"),
    ("msyh.tt?", "Microsoft YaHei 微软雅黑 (Windows)"),
    ("deng.ttf", "DengXian 等线 (Windows)"),
    ("stheiti*.ttc", "STHeiti 华文黑体 (macOS)"),
    ("pingfang.ttc", "PingFang SC 苹方 (macOS)"),
    ("droidsansfallback*.ttf", "Droid Sans Fallback (fonts-droid-fallback)"),
    ("simkai.ttf", "KaiTi 楷体 (Windows)"),
    ("ukai.ttc", "AR PL UKai 楷体 (fonts-arphic-ukai)"),
    ("arial unicode.ttf", "Arial Unicode MS (macOS)"),
)
"""File-name patterns (lower case) of known Chinese TrueType fonts, in the order
they are preferred. Any other file that turns out usable comes after them."""

_STYLES = (
    *("thin", "extralight", "light", "medium", "semibold", "demibold", "bold", "black"),
    *("heavy", "italic", "oblique", "mono"),
)


@frozen
class FontFace:
    """One face of a font file, as the discovery judged it.

    ``index`` is the face's number in a collection (``.ttc``; 0 otherwise),
    ``outlines`` is ``"TrueType"``, ``"CFF"``, ``"CFF2"`` or ``None`` when the
    file could not be read that far, ``chinese`` whether it has glyphs for
    :data:`SAMPLE` (``None`` when not looked at), ``reason`` says why it is
    usable or not.
    """

    path: str
    index: int
    family: str | None
    outlines: str | None
    chinese: bool | None
    usable: bool
    reason: str

    @property
    def label(self) -> str:
        """The file, with the face number for a collection's second face on: ``a.ttc#1``."""
        return self.path if self.index == 0 else f"{self.path}#{self.index}"

    def to_data(self) -> dict[str, str | int | bool | None]:
        """The face as plain data (``enforcement fonts --json``)."""
        return {
            "path": self.path,
            "index": self.index,
            "family": self.family,
            "outlines": self.outlines,
            "chinese": self.chinese,
            "usable": self.usable,
            "reason": self.reason,
        }


class _AnyOutlines(TTFontFile):
    """reportlab's parser, made to read the table directory of every sfnt face.

    reportlab refuses a PostScript-outline face (``OTTO``) before reading its
    tables; the discovery reads them to say which outlines a face has, and
    leaves the verdict on embedding to reportlab's unmodified parser.
    """

    def readHeader(self) -> bool:
        self.version = version = self.read_ulong()
        if version == 0x4F54544F:  # "OTTO": PostScript outlines
            return False
        if version not in self.ttfVersions:
            raise TTFError(f"not a TrueType/OpenType font (version 0x{version:08X})")
        return version == self.ttfVersions[-1]

    def extractInfo(self, charInfo: bool | int = 1) -> None:
        # Deferred: called by hand, so that a failure keeps the table directory.
        return None

    def names(self) -> None:
        """Read the name table and the other tables reportlab needs for metrics."""
        TTFontFile.extractInfo(self, 0)


def _buffer(data: bytes, path: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = path  # reportlab names the file in its errors
    return buffer


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return text.strip() or None


def _face_count(data: bytes) -> int:
    if data[:4] != b"ttcf":
        return 1
    count = int.from_bytes(data[8:12], "big") if len(data) >= 12 else 0
    return max(1, min(count, 256))  # a hostile header cannot make us loop for long


def _reportlab_reason(exc: BaseException) -> str:
    message = str(exc)
    if "subsetting/embedding" in message:
        return "its licence (OS/2 fsType) does not allow embedding"
    return f"reportlab cannot read it: {message.split(': ', 1)[-1] if ': ' in message else message}"


def probe_file(path: str) -> list[FontFace]:
    """Judge every face of the font file at ``path`` (never raises for a bad file)."""
    return list(_probe_faces(path))


def _probe_faces(path: str) -> Iterator[FontFace]:
    if not os.path.isfile(path):  # a device or a pipe could be read forever
        yield FontFace(path, 0, None, None, None, False, "not a regular file")
        return
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FONT_BYTES + 1)
    except OSError as exc:
        yield FontFace(path, 0, None, None, None, False, f"cannot read it: {exc.strerror}")
        return
    if len(data) > MAX_FONT_BYTES:
        yield FontFace(path, 0, None, None, None, False, "larger than 256 MB: not read")
        return
    for index in range(_face_count(data)):
        yield _probe_face(path, data, index)


def _probe_face(path: str, data: bytes, index: int) -> FontFace:
    try:
        sfnt = _AnyOutlines(_buffer(data, path), charInfo=0, subfontIndex=index)
    except Exception as exc:  # a malformed file must not stop the discovery
        return FontFace(
            path, index, None, None, None, False, f"not a font reportlab can read: {exc}"
        )
    tables = set(sfnt.table)
    with contextlib.suppress(Exception):  # PostScript faces fail on maxp, after the names
        sfnt.names()
    family = _text(getattr(sfnt, "familyName", None))
    if "glyf" not in tables:
        outlines = "CFF2" if "CFF2" in tables else "CFF" if "CFF " in tables else None
        if outlines is None:
            return FontFace(path, index, family, None, None, False, "no outlines (bitmap only?)")
        return FontFace(
            path,
            index,
            family,
            outlines,
            None,
            False,
            f"PostScript ({outlines}) outlines, which reportlab cannot embed",
        )
    try:
        face = TTFontFile(_buffer(data, path), charInfo=1, subfontIndex=index)
    except Exception as exc:
        return FontFace(path, index, family, "TrueType", None, False, _reportlab_reason(exc))
    family = _text(face.familyName) or family
    missing = [c for c in SAMPLE if ord(c) not in face.charToGlyph]
    if missing:
        reason = f"no glyphs for {''.join(missing)}: not a Chinese font"
        return FontFace(path, index, family, "TrueType", False, False, reason)
    return FontFace(path, index, family, "TrueType", True, True, "TrueType outlines, Chinese")


def _fontconfig_files() -> list[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        done = subprocess.run(
            [fc_list, "--format", "%{file}\n"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return [line for line in done.stdout.splitlines() if line] if done.returncode == 0 else []


def _folder_files(dirs: Iterable[str]) -> Iterator[str]:
    for root in dirs:
        if not os.path.isdir(root):
            continue
        for folder, subdirs, names in os.walk(root):
            subdirs.sort()
            for name in sorted(names):
                yield os.path.join(folder, name)


def font_files(dirs: Sequence[str] | None = None, *, fontconfig: bool = True) -> list[str]:
    """The candidate font files: fontconfig's and those in ``dirs`` (default :data:`FONT_DIRS`).

    Only ``.ttf``, ``.ttc``, ``.otf`` and ``.otc`` files, each once (links to
    the same file count once), in the order they are tried (:func:`choice_key`).
    """
    found = [
        *(_fontconfig_files() if fontconfig else []),
        *_folder_files(FONT_DIRS if dirs is None else dirs),
    ]
    by_file: dict[str, str] = {}
    for path in found:
        if not path.lower().endswith(FONT_SUFFIXES) or not os.path.isfile(path):
            continue
        real = os.path.realpath(path)
        if real not in by_file or path < by_file[real]:
            by_file[real] = path
    return sorted(by_file.values(), key=choice_key)


def choice_key(path: str) -> tuple[int, int, str]:
    """The order files are tried in: :data:`PREFERRED` rank, regular weights first, path."""
    name = os.path.basename(path).lower()
    rank = next(
        (i for i, (pattern, _) in enumerate(PREFERRED) if fnmatch.fnmatch(name, pattern)),
        len(PREFERRED),
    )
    styled = any(style in name.replace("-", "").replace("_", "") for style in _STYLES)
    return rank, int(styled), path


def candidates(files: Iterable[str] | None = None) -> list[FontFace]:
    """Every face of the candidate files (default :func:`font_files`), judged, in choice order."""
    return [
        face for path in (font_files() if files is None else files) for face in probe_file(path)
    ]


def find_font(files: Iterable[str] | None = None) -> FontFace | None:
    """The first usable face of ``files`` (default :func:`font_files`), or ``None``.

    Reads only as many files as it takes to find one.
    """
    for path in font_files() if files is None else files:
        for face in _probe_faces(path):
            if face.usable:
                return face
    return None


@functools.cache
def default_font() -> FontFace | None:
    """The installed font every PDF embeds by default (found once per process), or ``None``."""
    face = find_font()
    if face is None:
        log.warning(FALLBACK_WARNING)
    else:
        log.debug("embedding %s (%s)", face.label, face.family)
    return face


FALLBACK_WARNING = (
    "no Chinese TrueType font that reportlab can embed is installed (see `enforcement fonts`); "
    f"PDFs use the built-in {BUILTIN_FONT}, which is not embedded: recipients whose PDF reader "
    "has no Chinese font see empty boxes instead of the text, and the files are not fit for "
    "archiving. Install one (Debian/Ubuntu: apt install fonts-wqy-zenhei) or pass a font file."
)


def usable_fonts(limit: int = 5) -> list[FontFace]:
    """Installed files that would work as ``--font``, at most ``limit`` (for error messages).

    One face per file: the one ``--font FILE`` would embed.
    """
    out: list[FontFace] = []
    for face in candidates():
        if face.usable and all(face.path != seen.path for seen in out):
            out.append(face)
            if len(out) == limit:
                break
    return out


def embeddable_face(path: str | os.PathLike[str]) -> FontFace:
    """The first usable face of the font file at ``path``.

    Raises :class:`NoticeError` (field ``font``) naming the reason and the
    installed fonts that would work instead.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise NoticeError("font", f"no font file at {path}")
    faces = probe_file(path)
    usable = next((face for face in faces if face.usable), None)
    if usable is not None:
        return usable
    raise NoticeError("font", f"{path} cannot be embedded: {faces[0].reason}; {_suggestion()}")


@functools.cache  # a batch of notices with one bad font asks once per notice
def _suggestion() -> str:
    good = usable_fonts()
    if not good:
        return (
            "no installed font would work: install a Chinese TrueType font "
            "(Debian/Ubuntu: apt install fonts-wqy-zenhei; see `enforcement fonts`)"
        )
    names = ", ".join(f"{face.path} ({face.family})" for face in good)
    return f"installed fonts that would work: {names}"


_lock = threading.Lock()
_registered: dict[str, str] = {}
_refused: dict[str, str] = {}  # file -> why it was refused


def _register_face(face: FontFace) -> str:
    key = f"{os.path.abspath(face.path)}#{face.index}"
    name = "EnfTT-" + hashlib.sha256(key.encode()).hexdigest()[:10]
    try:
        pdfmetrics.registerFont(EmbeddedTTFont(name, face.path, subfontIndex=face.index))
    except (TTFError, OSError) as exc:
        raise NoticeError("font", f"{face.label} cannot be embedded: {exc}") from None
    return name


def font_name(path: str | os.PathLike[str] | None) -> str:
    """Register a font (once per process) and return its reportlab name.

    ``None`` embeds the installed font :func:`default_font` finds, or falls
    back to the built-in ``STSong-Light`` with a logged warning.
    :data:`BUILTIN_FONT` chooses the built-in font on purpose. A path to a
    font file embeds its first usable face, or raises :class:`NoticeError`
    naming the fonts that would work. reportlab embeds only the glyphs used
    (a subset).
    """
    key = "" if path is None else os.fspath(path)
    with _lock:
        name = _registered.get(key)
        if name is not None:
            return name
        if key in _refused:
            raise NoticeError("font", _refused[key])
        try:
            if not key:
                face = default_font()
                name = _builtin() if face is None else _register_face(face)
            elif key == BUILTIN_FONT:
                name = _builtin()
            else:
                name = _register_face(embeddable_face(key))
        except NoticeError as exc:
            _refused[key] = exc.reason
            raise
        _registered[key] = name
        return name


def _builtin() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(BUILTIN_FONT))
    return BUILTIN_FONT


def _reset() -> None:
    """Forget the font found and the fonts registered (tests change the search)."""
    with _lock:
        _registered.clear()
        _refused.clear()
        default_font.cache_clear()
        _suggestion.cache_clear()
