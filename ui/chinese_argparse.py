"""argparse speaking Chinese: its own words (用法, 选项, -h, its error lines) are what a user of the
command sees, and everything a user sees is Chinese. argparse writes them through gettext with no
Chinese catalogue; the few it prints are said again here."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse's error sentences, as it words them, and how they are said here.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (.+)"), r"缺少参数：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
    (re.compile(r"argument (\S+): invalid choice: (\S+) \(choose from (.+)\)"), r"参数 \1 的取值 \2 无效（可选：\3）"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (\S+)"), r"参数 \1 的取值 \3 无效"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 后面需要一个值"),
)


def chinese_error(message: str) -> str:
    """argparse's error sentence in Chinese (unchanged when it is one not listed)."""
    for pattern, said in _ERRORS:
        if pattern.fullmatch(message):
            return pattern.sub(said, message)
    return message


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage line, section titles, -h and errors are Chinese; its sub-commands'
    parsers are of the same class."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示这段帮助并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "用法：", 1)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_error(message)}\n")
