"""Read a privacy policy page and extract what it promises: its third-party SDK list, PI types, permissions.

    policy = extract_html(html)                       # pure: text in, Policy out
    policy.as_json()  # {"sdks": [{"name", "vendor", "purpose", "pi", "sdk"}], "pi": [...], "permissions": [...]}

Chinese policies carry their SDK list ("第三方SDK目录", "第三方信息共享清单") as

* tables whose header names the columns (SDK名称 | 第三方主体 | 使用目的 | 收集的个人信息类型 …), with
  ``rowspan``/``colspan`` expanded;
* per-SDK key-value blocks: a name line (a heading, a list item, ``SDK名称：…``) followed by
  ``使用目的：…`` / ``收集个人信息：…`` / ``第三方主体：…`` lines — nested lists or paragraphs — or two-column
  tables of the same keys;
* one line per SDK (``友盟+SDK：用于统计分析，收集设备标识符``) or bare names in a list;
* images whose ``alt`` text holds the name (logos) or the whole entry.

English policies the same, with English headers and keys. Everything app-controlled is treated as text:
nothing is executed, sizes are bounded.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from monitor.policy.match import match_name, norm
from monitor.policy.vocab import permissions, pi_types
from monitor.sdk import SdkDatabase

MAX_HTML = 4 * 1024 * 1024
MAX_NAME = 80
MAX_FIELD = 600

FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("package", re.compile(r"包名|package", re.IGNORECASE)),
    ("link", re.compile(r"链接|网址|官网|隐私政策|隐私权政策|policy|link|url|website", re.IGNORECASE)),
    ("permission", re.compile(r"权限|permission", re.IGNORECASE)),
    ("vendor", re.compile(r"公司|主体|提供方|运营方|开发者|开发商|厂商|服务商|vendor|company|provider|"
                          r"developer|operator|controller", re.IGNORECASE)),
    ("purpose", re.compile(r"目的|用途|场景|功能|业务|purpose|usage|\buse\b|used\s+for|function", re.IGNORECASE)),
    ("pi", re.compile(r"信息|数据|字段|类型|data|information|personal|collected|\bpi\b", re.IGNORECASE)),
    ("name", re.compile(r"名称|名字|sdk|第三方|合作方|\bname\b|third[- ]part|partner|service", re.IGNORECASE)),
)
SDK_SECTION = re.compile(r"第三方\s*sdk|sdk\s*(?:目录|清单|列表|说明)|共享清单|共享(?:的)?第三方|接入(?:的)?第三方|"
                         r"第三方(?:合作方|服务商|共享|信息共享)|third[- ]party\s+(?:sdks?|services|partners|libraries)|"
                         r"sdks?\s+(?:we\s+use|list)|partners", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*(?:[（(]?\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）.、．]|[①-⑳]|[-•·*▪◦]|"
                        r"\d{1,3}\.\d{1,3}\.?)\s*")
_DASH = re.compile(r"^\s*([^–—:：]{2,40}?)\s+[–—-]{1,2}\s+(.+)$", re.DOTALL)
_KV = re.compile(r"^\s*([^：:]{1,16})\s*[：:]\s*(.*)$", re.DOTALL)
_NOT_A_NAME = re.compile(r"清单|目录|列表|以下|如下|下列|说明|list|following|below|below:|包括|including|"
                         r"[。；;!！?？]|我们|您|\bwe\b|\byou\b", re.IGNORECASE)
BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "header", "footer", "main",
          "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "figure", "figcaption", "nav", "aside",
          "body", "html"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
SKIP = {"script", "style", "noscript", "template", "head", "svg", "button", "input", "select"}


@dataclass
class PolicySdk:
    name: str
    vendor: str | None = None
    purpose: str | None = None
    pi: list[str] = field(default_factory=list)
    sdk: str | None = None
    packages: list[str] = field(default_factory=list)
    raw: str = ""  # the entry's whole text (its permissions column, links), for the policy-wide lists

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "vendor": self.vendor, "purpose": self.purpose, "pi": self.pi, "sdk": self.sdk}


@dataclass
class Policy:
    """What one policy says; ``status`` ``ok`` or why it could not be read (``unreachable``/``unparsed``)."""

    sdks: list[PolicySdk] = field(default_factory=list)
    pi: list[str] = field(default_factory=list)
    permissions: list[str] = field(default_factory=list)
    text: str = ""
    title: str | None = None
    source: str | None = None
    status: str = "ok"
    error: str | None = None
    sha256: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def as_json(self) -> dict[str, Any]:
        """The ``pimon policy extract --format json`` document."""
        return {"sdks": [s.as_json() for s in self.sdks], "pi": self.pi, "permissions": self.permissions}

    def summary(self) -> dict[str, Any]:
        """What a run stores about its policy (config ``policy``): no full text, its hash and lists."""
        return {"source": self.source, "status": self.status, "error": self.error, "title": self.title,
                "sha256": self.sha256, **self.as_json()}


@dataclass
class _Line:
    text: str
    heading: int = 0  # 1..6 for <hN>, 7 for a bold-only paragraph, 0 for text
    sdk_section: bool = False
    alt: bool = False


def _clean(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"\s+", " ", s).strip()


# ---------------------------------------------------------------------------------------- linearising

class _Walker:
    def __init__(self, db: SdkDatabase | None) -> None:
        self.lines: list[_Line] = []
        self.entries: list[PolicySdk] = []
        self.buf: list[str] = []
        self.db = db
        self.section_level: int | None = None

    @property
    def in_section(self) -> bool:
        return self.section_level is not None

    def flush(self, heading: int = 0) -> None:
        text = _clean("".join(self.buf))
        self.buf = []
        if not text:
            return
        if not heading and not self.in_section and len(text) <= 24 and SDK_SECTION.search(text):
            heading = 7  # "第三方SDK列表" on a line of its own (plain-text policies)
        if heading:
            if SDK_SECTION.search(text) and len(text) <= 60:
                self.section_level = heading
            elif self.section_level is not None and heading <= self.section_level:
                self.section_level = None
        self.lines.append(_Line(text, heading, self.in_section))

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not comments, CDATA, doctype
                    self.buf.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in SKIP:
                continue
            name = child.name
            if name == "br":
                self.flush()
            elif name == "table":
                self.flush()
                self.table(child)
            elif name == "img":
                alt = _clean(child.get("alt") or child.get("title") or "")  # type: ignore[arg-type]
                if alt:
                    self.flush()
                    self.lines.append(_Line(alt, 0, self.in_section, alt=True))
            elif name in BLOCKS:
                self.flush()
                self.walk(child)
                self.flush(HEADINGS.get(name, 7 if name in ("p", "div", "li") and _bold_only(child) else 0))
            else:
                self.walk(child)

    def table(self, table: Tag) -> None:
        grid = _grid(table)
        if not grid:
            return
        top = next((i for i, row in enumerate(grid[:3]) if "name" in _columns(row)), 0)
        cols = _columns(grid[top])
        kv = len(grid[top]) <= 2 and any(_field_of(row[0]) for row in grid[top + 1:] if row)
        if "name" in cols and len(cols) >= 2 and not kv:  # a key-value table has labels down its first column
            for row in grid[top + 1:]:
                cells = {f: row[i] for f, i in cols.items() if i < len(row)}
                name = cells.get("name", "")
                if name and not _header_like(row):  # a repeated header row is not an SDK
                    self.entries.append(_entry(name, cells, " ".join(row), self.db))
            return
        for row in grid:  # key-value tables and anything else: lines, parsed with the text
            cells = [c for c in row if c]
            if not cells:
                continue
            text = f"{cells[0]}：{' '.join(cells[1:])}" if len(cells) >= 2 else cells[0]
            self.lines.append(_Line(text, 0, self.in_section))


def _bold_only(tag: Tag) -> bool:
    text = _clean(tag.get_text())
    if not text or len(text) > 60:
        return False
    bold = "".join(b.get_text() for b in tag.find_all(("strong", "b"), recursive=True))
    return _clean(bold) == text


def _grid(table: Tag) -> list[list[str]]:
    """Rows of cell texts, with rowspan/colspan expanded (nested tables are read as text)."""
    rows: list[list[str]] = []
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows left, text)
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        row: list[str] = []
        col = 0
        cells = tr.find_all(("td", "th"), recursive=False)
        queue = list(cells)
        while queue or col in pending:
            if col in pending:
                left, text = pending[col]
                row.append(text)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, text)
                col += 1
                continue
            cell = queue.pop(0)
            text = _clean(" ".join(cell.stripped_strings)) or _clean(" ".join(
                i.get("alt", "") for i in cell.find_all("img")))  # type: ignore[misc]
            span = _int(cell.get("colspan"), 1)
            down = _int(cell.get("rowspan"), 1)
            for _ in range(span):
                row.append(text)
                if down > 1:
                    pending[col] = (down - 1, text)
                col += 1
        if any(row):
            rows.append(row)
    return rows


def _int(v: Any, default: int) -> int:
    try:
        return max(1, min(int(str(v)), 50))
    except (TypeError, ValueError):
        return default


_GENERIC_NAME = re.compile(r"sdk|名称|名字|第三方|合作方|服务商?|提供|的|及|与|和|插件|\bname\b|third[- ]?part(?:y|ies)|"
                           r"partners?|services?|library|libraries|[\s/()（）]", re.IGNORECASE)


def _field_of(header: str) -> str | None:
    """The field a column header or a ``key：`` label names; an SDK's own name (友盟+SDK) is no label."""
    h = header.strip()
    if not h or len(h) > 40:
        return None
    for name, rx in FIELDS:
        if rx.search(h):
            if name == "name" and _GENERIC_NAME.sub("", h):
                return None
            return name
    return None


def _header_like(row: list[str]) -> bool:
    cells = [c for c in row if c]
    return bool(cells) and all(len(c) <= 16 and _field_of(c) for c in cells)


_STRONG_PURPOSE = re.compile(r"目的|用途|purpose", re.IGNORECASE)


def _columns(header: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        f = _field_of(cell)
        if f == "purpose" and "purpose" in cols and _STRONG_PURPOSE.search(cell) \
                and not _STRONG_PURPOSE.search(header[cols["purpose"]]):
            cols["purpose"] = i  # 合作目的 over 功能类型
        elif f and f not in cols:
            cols[f] = i
    return cols if len(cols) >= 2 else {}


def _entry(name: str, cells: dict[str, str], context: str, db: SdkDatabase | None) -> PolicySdk:
    name = _NUMBERING.sub("", name).strip(" ：:")[:MAX_NAME]
    sdk = match_name(name, context, db)
    pi_text = cells.get("pi") or ""
    packages = re.findall(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+){1,6}\b", (cells.get("package") or "").lower())
    return PolicySdk(name=name, vendor=(cells.get("vendor") or None) and cells["vendor"][:MAX_FIELD],
                     purpose=(cells.get("purpose") or None) and cells["purpose"][:MAX_FIELD],
                     pi=pi_types(pi_text), sdk=sdk.id if sdk else None, packages=packages, raw=context[:2000])


# ---------------------------------------------------------------------------------------- line blocks

def _name_like(text: str) -> bool:
    t = _NUMBERING.sub("", text).strip()
    return 0 < len(t) <= 40 and not _NOT_A_NAME.search(t) and not t.endswith(("：", ":"))


def _blocks(lines: list[_Line], db: SdkDatabase | None) -> list[PolicySdk]:
    """Per-SDK key-value blocks, one-line entries and bare names (in an SDK section) from the text lines."""
    out: list[PolicySdk] = []
    cur: dict[str, str] | None = None
    context: list[str] = []
    prev: _Line | None = None

    def close() -> None:
        nonlocal cur
        if cur and cur.get("name"):
            out.append(_entry(cur["name"], cur, " ".join(context), db))
        cur = None
        context.clear()

    for ln in lines:
        m = _KV.match(ln.text)
        key, value = (m.group(1).strip(), m.group(2).strip()) if m else ("", "")
        fld = _field_of(key) if m else None
        if fld == "name" and value and not (ln.heading and not ln.sdk_section):
            close()
            cur = {"name": value}
            context.append(ln.text)
        elif fld and fld != "name" and (cur is not None or (prev is not None and _name_like(prev.text)
                                                          and (prev.sdk_section or prev.heading or prev.alt))):
            if cur is None:
                cur = {"name": prev.text}  # type: ignore[union-attr]
                context.append(prev.text)  # type: ignore[union-attr]
            cur[fld] = (cur.get(fld, "") + " " + value).strip()
            context.append(ln.text)
        elif m and not fld and ln.sdk_section and value and _name_like(key) and _sdk_name(key, db):
            close()  # 友盟+SDK：用于统计分析，收集设备标识符
            cur = {"name": key, "purpose": value, "pi": value}
            context.append(ln.text)
            close()
        elif ln.sdk_section and (d := _DASH.match(ln.text)) and _name_like(d.group(1)) and _sdk_name(d.group(1), db):
            close()  # Google Firebase Crashlytics – crash reporting. Data: device model …
            cur = {"name": d.group(1), "purpose": d.group(2), "pi": d.group(2)}
            context.append(ln.text)
            close()
        else:
            close()
            if (ln.sdk_section or ln.alt) and not ln.heading and _name_like(ln.text) and _sdk_name(ln.text, db) \
                    and not _followed_by_field(lines, ln):
                out.append(_entry(ln.text, {}, ln.text, db))
        prev = ln
    close()
    return out


def _sdk_name(text: str, db: SdkDatabase | None) -> bool:
    """Does this look like an SDK's name: known to the database, or called an SDK?"""
    return match_name(text, "", db) is not None or bool(re.search(r"sdk|软件开发工具包", text, re.IGNORECASE))


def _followed_by_field(lines: list[_Line], ln: _Line) -> bool:
    i = next((k for k, x in enumerate(lines) if x is ln), -1)
    if 0 <= i < len(lines) - 1:
        m = _KV.match(lines[i + 1].text)
        return bool(m and _field_of(m.group(1)) not in (None, "name"))
    return False


# ---------------------------------------------------------------------------------------- entry points

def _decode(data: bytes) -> str:
    head = data[:4096].decode("ascii", "replace")
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", head)
    for enc in ([m.group(1)] if m else []) + ["utf-8", "gb18030"]:
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def extract_html(html: str | bytes, source: str | None = None, db: SdkDatabase | None = None) -> Policy:
    """Parse a policy page. A page with no readable text is ``unparsed`` (never an empty policy)."""
    raw = html if isinstance(html, bytes) else html.encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()
    if len(raw) > MAX_HTML:
        raw = raw[:MAX_HTML]
    text_in = _decode(raw) if isinstance(html, bytes) else html[:MAX_HTML]
    if raw[:5] == b"%PDF-" or "\x00" in text_in[:2048]:
        return Policy(source=source, status="unparsed", error="not an HTML or text page (binary content)",
                      sha256=digest)
    if "<" not in text_in:  # plain text
        text_in = "".join(f"<p>{_esc(line)}</p>" for line in text_in.splitlines())
    soup = BeautifulSoup(text_in, "html.parser")
    title_tag = soup.find("title") or soup.find("h1")
    walker = _Walker(db)
    walker.walk(soup)
    walker.flush()
    text = "\n".join(ln.text for ln in walker.lines)
    if len(norm(text)) < 20 and not walker.entries:
        return Policy(source=source, status="unparsed", error="the page holds no policy text", sha256=digest,
                      text=text)
    entries = walker.entries + _blocks(walker.lines, db)
    sdks = _dedupe(entries)
    all_text = text + "\n" + "\n".join(f"{s.name} {s.purpose or ''} {s.raw}" for s in entries)
    pi = sorted(set(pi_types(all_text)) | {p for s in sdks for p in s.pi})
    return Policy(sdks=sdks, pi=pi, permissions=permissions(all_text), text=text, source=source, sha256=digest,
                  title=_clean(title_tag.get_text())[:200] if title_tag else None)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dedupe(entries: list[PolicySdk]) -> list[PolicySdk]:
    seen: dict[str, PolicySdk] = {}
    for e in entries:
        key = e.sdk or norm(e.name)
        if not key:
            continue
        if key in seen:
            old = seen[key]
            old.vendor = old.vendor or e.vendor
            old.purpose = old.purpose or e.purpose
            old.pi = sorted(set(old.pi) | set(e.pi))
        else:
            seen[key] = e
    return list(seen.values())
