"""The suite's exceptions. Each carries a Chinese and an English message."""

from __future__ import annotations

from .contract import TABLES


class YubeiGasError(Exception):
    """Base class; ``str()`` gives the Chinese message, then the English one."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh}\n{en}")


class DataContractError(YubeiGasError):
    """A raw file cannot be used at all: undecodable, or a required column gone."""

    def __init__(self, path: str, zh: str, en: str) -> None:
        self.path = path
        super().__init__(f"{path}: {zh}", f"{path}: {en}")


class MissingTableError(YubeiGasError):
    """A table a command needs is not in the data folder."""

    def __init__(self, *tables: str, command: str | None = None) -> None:
        self.tables = tables
        names_zh = "、".join(f"{t}（{TABLES[t].title_zh}）" if t in TABLES else t
                            for t in tables)
        names_en = ", ".join(tables)
        who_zh = f"命令 {command} " if command else ""
        who_en = f"command {command} " if command else "this step "
        super().__init__(
            f"{who_zh}需要数据表 {names_zh}，但数据目录中没有对应文件"
            f"（{'/'.join(t + '.csv|.xlsx|.parquet' for t in tables)}）。",
            f"The {who_en}needs table(s) {names_en}, which the data folder "
            "does not hold.",
        )


class ParameterError(YubeiGasError):
    """A parameter file breaks its schema; names the file and the key."""

    def __init__(self, path: str, key: str, problem_zh: str, problem_en: str) -> None:
        self.path = path
        self.key = key
        super().__init__(
            f"参数文件 {path} 的 {key}：{problem_zh}",
            f"Parameter file {path}, key {key}: {problem_en}",
        )
