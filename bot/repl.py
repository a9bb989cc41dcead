"""The console: ask questions, page through answers, read an answer's context, list sources."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from retrieval.answer.followup import Conversation
from retrieval.answer.qa import QA
from retrieval.ingest.corpus import CorpusError
from retrieval.models import Result

from .render import Styler, answer_block, context_text, result_text, sources_text, write
from .streams import UndecodableText, decoded

HELP = """直接输入问题，例如：阳泉有多少禁毒社工
追问：那辽宁呢？（沿用上一个问题，换一个地方或对象）
命令：
  /more            更多答案
  /context [N]     第 N 个答案的上下文（默认第 1 个）
  /sources         资料来源列表
  /reload          重新读取资料文件夹（只处理有变化的文件）
  /help            显示本帮助
  /quit            退出（也可以按 Ctrl-D）"""

PROMPT = "问> "


@dataclass
class Session:
    """One conversation: the last question and what of its answers has been shown."""

    qa: QA
    style: Styler
    verbose: bool = False
    conversation: Conversation = field(default_factory=Conversation)
    last: Result | None = None
    shown: int = 0
    commands: dict[str, Callable[[str], str | None]] = field(init=False)

    def __post_init__(self) -> None:
        self.commands = {
            "help": lambda _: HELP,
            "?": lambda _: HELP,
            "more": lambda _: self.more(),
            "context": self.context,
            "ctx": self.context,
            "sources": lambda _: sources_text(self.qa.sources(), self.style),
            "reload": lambda _: self.reload(),
            "quit": lambda _: None,
            "exit": lambda _: None,
            "q": lambda _: None,
        }

    def handle(self, line: str) -> str | None:
        """The reply to one line of input; None means the user wants to leave."""
        line = line.strip()
        if not line:
            return ""
        if line.startswith(("/", ":")) and len(line) > 1 and line[1:2].isascii():
            name, _, arg = line[1:].partition(" ")
            command = self.commands.get(name.lower())
            if command is None:
                return f"未知命令 /{name}，输入 /help 查看命令。"
            return command(arg.strip())
        return self.ask(line)

    def ask(self, text: str) -> str:
        result = self.conversation.ask(self.qa, text)
        self.last, self.shown = result, len(result.answers)
        return result_text(result, self.style, self.verbose)

    def more(self) -> str:
        if self.last is None or not self.last.answers:
            return "还没有答案可以展开：先问一个问题。"
        extra = self.qa.more(self.last.question, self.shown)
        if not extra:
            return "没有更多答案了。"
        lines = [answer_block(a, self.style, i) for i, a in enumerate(extra, self.shown + 1)]
        # /context N reaches the answers shown so far
        self.last = dataclasses.replace(self.last, answers=(*self.last.answers, *extra))
        self.shown += len(extra)
        return "\n".join(lines)

    def reload(self) -> str:
        try:
            articles, sentences = self.qa.reload()
        except (CorpusError, OSError) as e:  # the folder moved or became unreadable: keep going
            return f"无法重新加载（{e}），继续使用原来的索引。"
        self.last, self.shown = None, 0
        return f"已重新加载：{articles} 篇文章，{sentences} 个句子。"

    def context(self, arg: str) -> str:
        if self.last is None or not self.last.answers:
            return "还没有答案：先问一个问题。"
        try:
            n = int(arg) if arg else 1
        except ValueError:
            return "用法：/context [N]，N 是答案的序号。"
        if not 1 <= n <= len(self.last.answers):
            return f"没有第 {n} 个答案（共 {len(self.last.answers)} 个）。"
        return context_text(self.last.answers[n - 1], self.style)


def _terminal_lines(history_file) -> Iterator[str]:
    """Lines typed at a terminal: line editing, Chinese input, history across sessions."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    history_file.parent.mkdir(parents=True, exist_ok=True)
    prompt: PromptSession[str] = PromptSession(history=FileHistory(str(history_file)))
    while True:
        try:
            yield prompt.prompt(PROMPT)
        except KeyboardInterrupt:  # Ctrl-C drops the line being typed, as in a shell
            continue
        except EOFError:  # Ctrl-D leaves
            return


def _piped_lines() -> Iterator[str]:
    for line in sys.stdin:
        yield line.rstrip("\n")


def history_path():
    from platformdirs import user_state_path

    return user_state_path("qabot") / "repl_history"


def run(qa: QA, verbose: bool = False) -> int:
    qa.preload()  # not at the first question that needs it, or at the first follow-up
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    session = Session(qa, Styler.for_stream(sys.stdout), verbose)
    if interactive:
        write(
            f"qabot · {len(qa.index.articles)} 篇文章，{qa.index.size} 个句子。输入 /help 查看帮助，Ctrl-D 退出。"
        )
    lines = _terminal_lines(history_path()) if interactive else _piped_lines()
    for line in lines:
        try:
            reply = session.handle(decoded(line, sys.stdin.encoding))
        except UndecodableText:
            reply = "无法识别这一行的文字（既不是 UTF-8 也不是 GBK 编码），请重新输入。"
        except KeyboardInterrupt:
            write("（已中断）")
            continue
        if reply is None:
            break
        if reply:
            write(reply)
    if interactive:
        write("再见。")
    return 0
