"""Reading one raw file into text cells, whatever its format and encoding.

CSV arrives as UTF-8, UTF-8 with BOM or GB18030/GBK (what Chinese office
software writes); the encoding is detected from the bytes, never guessed from
the file name. XLSX and Parquet are read as they are. Every reader returns the
source row number of each record, so a quarantined row can be found in the
file by the person who sent it.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import DataContractError

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}


@dataclass
class RawTable:
    """One file's records: cells as read, indexed by source row number."""

    frame: pd.DataFrame
    path: Path
    format: str
    encoding: str | None
    sha256: str
    blank_lines: int = 0


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def detect_encoding(data: bytes, path: Path) -> str:
    """The encoding of a CSV's bytes: ``utf-8-sig``, ``utf-8`` or ``gb18030``.

    UTF-8 is self-validating, so bytes that decode strictly as UTF-8 are
    UTF-8; GB18030 is tried next because it is what Chinese Excel and WPS
    export. Anything else is refused with an error naming the file.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataContractError(
            str(path),
            "文件为 UTF-16 编码，请另存为 UTF-8 或 GB18030 编码的 CSV",
            "file is UTF-16; save it as UTF-8 or GB18030 CSV",
        )
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise DataContractError(
        str(path),
        "无法识别文件编码（既不是 UTF-8 也不是 GB18030/GBK），文件无法解码",
        "cannot decode the file: it is neither UTF-8 nor GB18030/GBK",
    )


def read_raw(path: Path) -> RawTable:
    """Read ``path`` into a frame of cells indexed by source row number."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataContractError(
            str(path), "不支持的文件格式（应为 CSV、XLSX 或 Parquet）",
            "unsupported file format (expected CSV, XLSX or Parquet)",
        )
    digest = sha256_of(path)
    if fmt == "csv":
        return _read_csv(path, digest)
    if fmt == "xlsx":
        return _read_xlsx(path, digest)
    return _read_parquet(path, digest)


def _read_csv(path: Path, digest: str) -> RawTable:
    data = path.read_bytes()
    encoding = detect_encoding(data, path)
    text = data.decode(encoding)
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataContractError(
            str(path), f"CSV 结构无法解析：{exc}", f"CSV cannot be parsed: {exc}"
        ) from exc
    frame.index = _csv_line_numbers(text, len(frame))
    frame, blank = _drop_blank(frame)
    return RawTable(frame, path, "csv", encoding.replace("-sig", " (BOM)"), digest,
                    blank)


def _csv_line_numbers(text: str, records: int) -> pd.Index:
    """Line number of each record, the header being line 1.

    When no field spans lines, record i sits on line i + 2. Quoted fields with
    line breaks (free text often has them) shift later records, so those files
    are walked once with the csv module to find where each record starts.
    """
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines == records + 1:
        return pd.RangeIndex(2, records + 2)
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    starts, previous_end = [], reader.line_num
    for _ in reader:
        starts.append(previous_end + 1)
        previous_end = reader.line_num
    return pd.Index(starts[:records])


def _drop_blank(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    blank = frame.apply(lambda col: col.astype(str).str.strip().eq("")).all(axis=1)
    return frame[~blank], int(blank.sum())


def _read_xlsx(path: Path, digest: str) -> RawTable:
    try:
        frame = pd.read_excel(path, dtype=str, keep_default_na=False,
                              engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DataContractError(
            str(path), f"XLSX 文件无法读取：{exc}", f"XLSX file cannot be read: {exc}"
        ) from exc
    # the header is sheet row 1, so record i sits on sheet row i + 2
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    frame = frame.apply(_excel_text)
    frame, blank = _drop_blank(frame)
    return RawTable(frame, path, "xlsx", None, digest, blank)


def _excel_text(column: pd.Series) -> pd.Series:
    # integer cells come back as "123.0" from some writers; ids must not
    text = column.astype(str).str.strip()
    return text.str.replace(r"^(-?\d+)\.0$", r"\1", regex=True).replace("nan", "")


def _read_parquet(path: Path, digest: str) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several kinds for a broken file
        raise DataContractError(
            str(path), f"Parquet 文件无法读取：{exc}",
            f"Parquet file cannot be read: {exc}",
        ) from exc
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return RawTable(frame, path, "parquet", None, digest, 0)
