"""A question → what to look for: its terms, the names it mentions, and the kind of answer it wants.

Kinds: clock (几点 → 8:11, 下午三点), list (有哪些 → an enumeration; 哪些桥 names its sort), reason
(为什么 → 由于…, …导致), time (何时/哪年 → a date), ordinal (第几/排名 → 第一, 前十), quantity
(多少/几/比例 → a figure, with its measure word where it has one), person (谁/哪位 → a name; 省长是谁 →
the person named beside that office; 谁的儿子 → a person where a family tie is said; 赵江文是谁 → the
office he holds), place (哪里/哪个县 → a place name), alias (又叫什么/原名 → 又名…, 旧称…), occupation
(职业是什么/做什么的 → 运动员, 律师…), definition (是什么/什么是). A question may also name the units
that answer it (多深 → 米, 几度 → ℃), and what a figure is asked of (亏损 in 一年亏损多少).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from retrieval.index.normalize import numeral_variants
from retrieval.index.tokenizer import (
    FUNCTION_TAGS,
    NAME_TAGS,
    PERSON_TAGS,
    PLACE_TAGS,
    PREDICATE_TAGS,
    Tokenizer,
)

SUBJECT_TAGS = PERSON_TAGS | PLACE_TAGS | {"nt"}


class Kind(str, Enum):
    """What a question asks for, and so the shape its answer must have."""

    CLOCK = "clock"  # 几点: a time of day
    LIST = "list"  # 有哪些: several things
    TIME = "time"  # 何时, 哪一年: a date or part of one
    ORDINAL = "ordinal"  # 第几: a rank
    QUANTITY = "quantity"  # 多少, 多深: a figure
    PERSON = "person"  # 谁: a person
    PLACE = "place"  # 哪里: a place
    DEFINITION = "definition"  # 是什么: what a thing is
    ROLE = "role"  # 赵江文是谁: the office a named person holds
    ALIAS = "alias"  # 又叫什么, 原名: another name of a thing
    OCCUPATION = "occupation"  # 职业是什么, 做什么的: what a person does for a living
    CODE = "code"  # 编号是多少: a code of letters and digits (G11, L2)
    REASON = "reason"  # 为什么: a cause


# 几 asks how many, but not as 几何 (geometry), 几乎 (almost), 这几年 (these few years), 20几所
# (twenty-odd) or 几千年 (thousands of years).
_JI = r"(?<![这那好\d十百千万])几(?![乎何千百万])"
# 多 asks how tall, far…, but not in 许多高校 or 很多: 多高 there is no question.
_HOW = r"(?<![许很诸好众])多"
# 几 says "a few" in a question that asks with 哪 or 谁: 哪位皇帝发动了几次战役 asks who, 北朝几个
# 朝代中，哪个朝代 asks which. (哪几个 asks for a list.)
_SOME = re.compile(rf"(?<!哪){_JI}")
_DEFINITE = re.compile(r"哪|谁")
_NAMED = r"[又也亦]?被?(?:叫|称|名|译)(?:为|作|做|成|之为)?|(?:别|俗|旧|古|本|原|简|全|学|昵)(?:称|名)"
_WHY = re.compile(r"(?<![称叫作做成变改译])为什么|为何|什么原因|何故|怎么会|原因是什么")
# Offices and roles: `X是谁` of a person wants the office (赵江文是谁), of an office the person
# holding it (河南省长是谁).
OFFICES = (
    r"(?:书记|主任|局长|厅长|省长|市长|县长|州长|部长|主席|委员|院长|校长|所长|总监|经理|董事长|总裁|"
    r"CEO|ceo|教授|研究员|队长|处长|秘书长|负责人|创始人|记者|导演|主持人|总指挥|总队长|支队长)"
)
# Checked in this order: "哪一年" is a time question although "哪" could ask for anything.
_KINDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (Kind.CLOCK, re.compile(r"几点|什么时刻|几时几分")),
    (Kind.LIST, re.compile(r"(?:有|是|包括)哪些|哪[几两二三四五][个家所项种位座条]")),
    (Kind.REASON, _WHY),
    (
        Kind.TIME,
        re.compile(
            r"何时|什么时[候后]|什么时间|哪一?年|哪一?天|哪个月|几月|几号|几时|何年|何日|日期是|时间是|多少年前|[西公]元几年"
        ),
    ),
    (Kind.ORDINAL, re.compile(r"第几|排名|排第|名次|第多少")),
    (Kind.CODE, re.compile(r"(?:编号|代号|代码|型号|车次|航班号)(?:是|为)?(?:多少|什么)")),
    (
        Kind.QUANTITY,
        re.compile(rf"多少|{_JI}|{_HOW}[大高长远重久深宽]|百分之"),
    ),
    # 董事长叫什么名字: the name of an office's holder is a person's
    (
        Kind.PERSON,
        re.compile(
            rf"谁|哪位|哪些人|什么人|何人|姓名|名字叫|{OFFICES}的?(?:叫什么|(?:是|叫)?什么名字|名字是)"
        ),
    ),
    # a naming word where the name is asked: 又叫什么, 原名是?, 被称为?, 有什么样的简称, 被称作哪里人
    # (before places: the name asked for may be a place's)
    (
        Kind.ALIAS,
        re.compile(
            rf"(?:{_NAMED})(?:是|为|叫)?(?:什么|甚么|何|哪|[?？]|$)|(?:什么样?的|哪些|哪个)(?:{_NAMED})"
        ),
    ),
    (
        Kind.PLACE,
        re.compile(
            r"哪里|哪儿|何地|何处|在哪|什么地方|哪一?个?(?:省|市|州|县|区|镇|乡|村|国家|国|地方|城市|地区)|哪些(?:省|市|州|县|区|地方|城市|地区)"
        ),
    ),
    # the trade of a person: 职业是什么, 从事什么职业, 是做什么的
    (
        Kind.OCCUPATION,
        re.compile(
            r"职业(?:是|为)?(?:什么|甚么|[?？]|$)|(?:什么|何种)(?:职业|工作)|从事(?:什么|何种)(?:[?？]|$)|(?:做|干)什么的"
        ),
    ),
    (Kind.DEFINITION, re.compile(r"是什么|什么是|指什么|是指|含义|定义|意思")),
)

# A word that only asks (几名, 多少个, 哪年, 哪一个, 什么样): never the content of the question.
_ASKING = re.compile(
    r"^(?:第?(?:几|多少)[\u4e00-\u9fff]?|几[比到至]几|有?多[高深长远重久宽大]|哪[\u4e00-\u9fff]{0,3}|什么[\u4e00-\u9fff]?|何[时地人处种]|谁)$"
)
# Asking words that stand before the noun naming the kind of answer (哪个城市, 什么公司, 谁的
# 儿子), unlike whole asking phrases (什么时候入冬, 为什么关闭); 哪 with its measure word (哪座城市,
# 哪种贸易) as 哪一个 is.
_DETERMINER = re.compile(
    r"^(?:哪[一个些几两]{0,2}[座种所家类位部条支项门件本首场届款批只棵]?|什么样?|何|谁)$"
)
_ASKING_CHARS = re.compile(r"[第几多哪谁何]|什么")
# The asking word of a figure or rank: 多少, 几家, 第几, 有多深.
_FIGURE_ASKING = re.compile(rf"^(?:第?(?:{_JI}|多少)[\u4e00-\u9fff]?|有?多[高深长远重久宽大])$")
# Times a question is about: the answer must come from where they are said (2019年, 4月份, 第十八届,
# 上半年); a decade (1950年代, also said 50年代) is not demanded.
_MONTH_NUMBER = r"(?<![\d.])\d{1,2}"  # the number of a month: 4 of 4月, not of 2024 or 0.4
_TIME_SUBJECT = re.compile(
    rf"(?:19|20)\d{{2}}年(?!代)|{_MONTH_NUMBER}月|第[一二三四五六七八九十百\d]+届|首届|[上下]半年"
)
# Products, models and events named by a figure: MD5, SHA-1, Mate20X, a 4.8级 earthquake.
_MODEL_SUBJECT = re.compile(r"[a-z][a-z\-]*\d[a-z\d\-]*|(?<![\d.])\d+\.\d+(?![\d.])")
_OFFICE = re.compile(rf"(?:常务)?(副?{OFFICES})")  # 常务副主任 is asked as 副主任
# A relative asked for: 谁的儿子, 父亲是谁, 是谁的妻子.
_KIN = re.compile(r"儿子|女儿|父亲|母亲|妻子|丈夫|孙子|孙女|兄长|哥哥|弟弟|姐姐|妹妹|皇后|夫人")
_WHO_IS = re.compile(r"^\s*([\u4e00-\u9fff·]{2,6})是谁[？?。]?\s*$")
HAN_WORD = re.compile(r"^[\u4e00-\u9fff]+$")  # a word of Chinese characters only
_MEASURE_TAGS = frozenset({"q", "m", "mq"})  # jieba's tags of measure words and numbers (公里, 万元)
_UNIT_AFTER = re.compile(
    rf"(?:多少|{_JI})(?P<unit>[个名位人起件家所次场项条种株辆份本户亿万千百元吨斤克公钱度级列台座处套篇部支艘架门张只头页卷册席球岁间])"
)
# Measure words that count the same things in other places or styles: 多少家分店 → 28间.
_ALIKE = {
    "家": "家|间|所",
    "间": "间|家|所",
    "所": "所|间|家",
    "座": "座|栋|幢",
    "栋": "栋|幢|座",
    "幢": "幢|栋|座",
    "辆": "辆|台|部",
    "台": "台|部|辆",
    "只": "只|头|条|匹",
    "头": "头|只",
}
# Nouns of a dimension or a sum (体长, 面积, 投资金额): a figure in its unit says them (长达89厘米,
# 总投资2.38亿元).
_LENGTHS = "体长|身长|全长|长度|身高|高度|深度|宽度|厚度|翼展|直径|半径"
_WEIGHTS = "体重|重量"
_SPANS = "任期|期限|寿命|时长|工期|刑期|周期|有效期|时间"
DURATIONS = "年|个月|月|天|日|小时|分钟|秒|周|赛季"
_AREAS = "面积|占地"
_SUMS = "金额|总额|造价|费用|成本|资金|市值|身价|售价|价值|经费|预算|军费|奖金|捐款|工资|薪水|票房"
# Measure words a count asks in (多少个项目), after a sum asked (投资多少) as much as anywhere.
_COUNTED = "[个名位人起件家所次场项条种株辆份本户间座处套篇部支艘架门张只头页年]"
# Sums a company reports, asked in money too but not said by any sum (营收 is not 净利润).
_EARNINGS = "投资|营收|收入|营业额|利润|净利润|估值|融资额"
DIMENSION = re.compile(f"{_LENGTHS}|{_WEIGHTS}|{_AREAS}|{_SUMS}|百分比")
# A rate (得票率, 入学率) is said by a share in any of its forms: 98.4%, 八成.
RATE = re.compile(r"[\u4e00-\u9fff]+率")
SHARES = "%|％|成|个百分点"
# The units that answer a question of dimension or degree (多深 → 8千米, 几个点 → 0.3%),
# and the part of a date a time question wants (哪一年 → 年, 哪天 → 日).
_WANTED_UNITS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:多少|几)倍"), "倍"),  # 体长是体高的几倍: a ratio, whatever is compared
    # a rate or a degree asked as high is a share: 相似度有多高 → 87%, 失业率多高 (not 温度, 高度)
    (re.compile(rf"(?:率|(?<![温高深长宽厚速浓密亮])度)有?{_HOW}高"), "%|％|个百分点"),
    (
        re.compile(
            r"几个(?:百分)?点|百分之几|涨幅|降幅|增速|比例|占比|比重|百分比|占有?多少的?(?:股份|股权)"
        ),
        "个百分点|%|％",
    ),
    (re.compile(r"几成|多少成"), "成|%|％"),
    # a term, a life or a time span is long in time: 任期是多长 → 五年
    (re.compile(rf"(?:{_SPANS})[^，。？?]*{_HOW}[长久]"), DURATIONS),
    (
        re.compile(rf"{_HOW}[深高远宽厚]|{_HOW}长(?!时间)|海拔|{_LENGTHS}"),
        "米|千米|公里|公尺|厘米|毫米|公分|海里|英里|英尺|英寸|英吋|英呎|吋|呎|光年",
    ),
    (re.compile(rf"{_HOW}[重沉]|{_WEIGHTS}"), "吨|公斤|千克|毫克|克|斤|磅"),
    (re.compile(_AREAS), "平方公里|平方千米|平方米|平方英里|公顷|英亩|亩|m²|km²"),
    (
        re.compile(rf"多久|多长时间|多少时间|(?<![西公]元){_JI}年|{_JI}个月|{_JI}天"),
        DURATIONS,
    ),
    (re.compile(r"几度|多少度|气温"), "℃|度"),
    (
        re.compile(
            rf"多少钱|多少元|花了多少|票价|(?:{_SUMS}|{_EARNINGS})(?:约|大约|大概|共|总共)?(?:是|为|有|达)?多少(?!{_COUNTED})"
            rf"|多少的?(?:{_SUMS}|{_EARNINGS})"
        ),
        "元|英镑|卢布|法郎|马克|比索|人民币|美金",  # 美元, 4亿5000万加元: all end in 元
    ),
    (re.compile(r"哪一?年|何年|几几年|[西公]元几年"), "年"),
    (re.compile(r"哪一?天|哪日|几月几[日号]|几号"), "日|号"),
)


# A predicate more common than this in Chinese at large (-ln of its share in jieba's counts:
# 领 9.1, 能 6.5, 上班 10.7) is how people ask; a rarer one (查处 11.5, 缴获 12.5) is the fact
# asked. Abbreviations (一共 11.3, 同比) ask the same way up to a little rarer.
EVERYDAY_PREDICATE_IDF = 11.0
EVERYDAY_ABBREVIATION_IDF = 11.5
# A word more common than this in Chinese at large (原因 8.5, 主要 6.9, 指 8.4) is said in many
# ways: an answer need not say it (海拔 9.3, 入冬 13.8 it must).
COMMON_IDF = 9.0
# What a figure is asked of must be said by its answer when it is a word this rare (烈度 14.2,
# 亏损 10.9); commoner nouns (客人 9.8, 总额 9.9) are said in many ways (游客, 总值).
ASKED_MIN_IDF = 10.0


@dataclass(frozen=True)
class Word:
    """A content word of the question and the index tokens it stands for."""

    text: str
    name: bool  # a place, person or organisation
    tokens: tuple[str, ...]
    everyday: bool = False  # how the question is asked (一共, 这次, 能领), not what it asks about
    predicate: bool = False  # a verb or adjective (亏了, 发到): said in many forms
    common: bool = False  # so common in Chinese at large (原因, 主要, 指) that an answer need not say it


def _everyday(word: str, after_asking: bool, measure: str | None, tokenizer: Tokenizer) -> bool:
    """Whether a question word only carries how it is asked, by what it is (its part of speech,
    how common it is in Chinese at large) and where it stands: the noun right after an asking
    word names the kind of answer (哪个城市, 多少钱, 几成股份), not a fact the answer must repeat."""
    if after_asking or word == measure:
        return True
    tag = tokenizer.tag(word)
    if tag in NAME_TAGS:
        return False
    if tag in FUNCTION_TAGS:
        return True
    # Predicates and abbreviations (一共, 同比 are tagged j) are everyday when common.
    if tag == "j":
        return tokenizer.general_idf(word) < EVERYDAY_ABBREVIATION_IDF
    return tag in PREDICATE_TAGS and tokenizer.general_idf(word) < EVERYDAY_PREDICATE_IDF


@dataclass(frozen=True)
class Question:
    text: str
    words: tuple[Word, ...]
    kind: Kind | None
    unit: str | None  # the units that answer, as alternatives (多少名 → 名, 多深 → 米|千米|公里…)
    entities: tuple[str, ...]  # places, people, organisations named in the question
    times: tuple[str, ...] = ()  # years, months, halves of a year and editions named in the question
    models: tuple[str, ...] = ()  # products, models and events named by a figure (含光800, 4.8)
    asked: tuple[str, ...] = ()  # what a figure is asked of (亏损 in 沈阳有轨电车一年亏损多少)
    office: str | None = None  # the office a who-question asks the holder of (省长, 副厅长)
    kin: bool = False  # a who-question asks for a relative (谁的儿子, 父亲是谁)
    sort: str | None = None  # the noun naming the kind of answer (哪些桥 → 桥, 哪个城市 → 城市)

    @property
    def subjects(self) -> tuple[str, ...]:
        """What an answer must be grounded in: the names, times and models the question gives."""
        return self.entities + self.times + self.models

    @property
    def terms(self) -> tuple[str, ...]:
        """All index tokens of the question, once each, in order."""
        return tuple(dict.fromkeys(t for w in self.words for t in w.tokens))


def _measure(norm: str, cut: list[str], tokenizer: Tokenizer) -> str | None:
    """The measure word after 多少/几, as jieba cuts the question: 多少名 → 名, 几所 → 所,
    多少公里 → 公里 (a measure word of its own), 多少间房 → 间 (glued by jieba into a word its
    dictionary does not know), but 多少公共充电桩 names none (公共 is a word that only starts
    like 公里)."""
    match = _UNIT_AFTER.search(norm)
    if not match:
        return None
    at = match.start("unit")
    start = 0
    for word in cut:
        if start == at and len(word) > 1:
            if tokenizer.tag(word) in _MEASURE_TAGS:
                return word
            return match.group("unit") if not tokenizer.in_dictionary(word) else None
        if start + len(word) > at:  # the measure is the word here, or ends one (几所)
            return match.group("unit")
        start += len(word)
    return None


# Prepositions, particles and conjunctions jieba may glue to a word: 于|北魏, 由|约翰, 人|于, 而|出名.
_GLUE = frozenset("于由在被把对从向与和及跟为是的了而")


def _unglue(word: str, seen: Callable[[str], int], real: Callable[[str], bool]) -> tuple[str, ...]:
    """A word split off the preposition or particle jieba glued to it when the articles say the
    rest more often than the whole: 于北魏 → 于|北魏; a pair of characters jieba's HMM made (not
    in its dictionary, `real`) that no article says, when they say each alone: 天发 → 天|发."""
    if len(word) < 2 or not HAN_WORD.match(word):
        return (word,)
    if len(word) == 2:
        return (
            (word[0], word[1])
            if not real(word) and not seen(word) and seen(word[0]) and seen(word[1])
            else (word,)
        )
    if word[0] in _GLUE and seen(word[1:]) > seen(word):
        return word[0], word[1:]
    if word[-1] in _GLUE and seen(word[:-1]) > seen(word):
        return word[:-1], word[-1]
    return (word,)


def _mend(cut: list[str], seen: Callable[[str], int], real: Callable[[str], bool]) -> list[str]:
    """The question's words with jieba's cuts across two words moved where the articles have
    them, when the articles say the mended words more often than the word cut off: 赵江|文说 →
    赵江文|说, 河南省|长是 → 河南|省长|是. A cut between two words of jieba's dictionary (`real`)
    stands: 上海|市民 is not 上海市|民."""
    out: list[str] = []
    rest = [piece for word in cut for piece in _unglue(word, seen, real)]
    while rest:
        a = rest.pop(0)
        b = rest[0] if rest else ""
        if (
            len(b) >= 2
            and HAN_WORD.match(a)
            and HAN_WORD.match(b)
            and not (real(a) and real(b))
            and (len(b) == 2 or seen(b[1:]) > seen(b))
        ):
            if seen(a + b[0]) > seen(b):  # 赵江|文说 → 赵江文|说
                rest[0] = b[1:]
                a = a + b[0]
            # 河南省|长是 → 河南|省长|是, 到流|片花 → 到|流片|花
            elif seen(a[:-1]) and seen(a[-1] + b[0]) > seen(b):
                out.append(a[:-1])
                a, rest[0] = a[-1] + b[0], b[1:]
        out.append(a)
    return out


def _unglue_name(word: str, seen: Callable[[str], int], tokenizer: Tokenizer) -> tuple[str, ...]:
    """A name of jieba's dictionary that the articles never say, split where they say all of it
    but one character, when Chinese at large says that part more often than the whole: the
    dictionary's rare entries (南云忠, 维拉第, 明崇祯, 东南亚国) glue a neighbour to a name and
    would demand a subject no article names. A name as common as its part (黑龙江, not 龙江)
    stands: the articles lack it."""
    if len(word) < 3 or not HAN_WORD.match(word) or not tokenizer.is_name(word) or seen(word):
        return (word,)
    rarity = tokenizer.general_idf(word)
    splits = ((word[:-1], (word[:-1], word[-1])), (word[1:], (word[0], word[1:])))  # (the part, the split)
    fits = [(seen(rest), rest, split) for rest, split in splits if tokenizer.general_idf(rest) < rarity]
    count, _, split = max(fits, default=(0, "", (word,)))
    return split if count else (word,)


# Asking words as people say them, read as written: 啥时候 is 什么时候, 干啥的 is 干什么的, 咋样 is 怎么样.
_SPOKEN = {"啥": "什么", "咋": "怎么"}
_COLLOQUIAL = re.compile("|".join(_SPOKEN))
_COPULA = frozenset({"是", "为"})
_ENDING = re.compile(r"^[\s?？。!！]*$")
_BEFORE_MONTH = re.compile(f"{_MONTH_NUMBER}$")  # what a month's 月份 follows


def _described(cut: list[str]) -> set[str]:
    """Words that describe what is asked rather than name a subject: the one or two words after
    the last 的 that end a question asking before them (摩加迪休是哪一国家的主要海港, 哪个国家是公车
    捷运系统的始祖), and the words between 的 and a copula that asks (三线建设的核心都市是哪一个).
    jieba's dictionary tags many such common nouns as places or names (海港, 都市, 重镇, 始祖);
    the answer describes itself with them, or not at all, so they are not grounded."""
    words = [w for w in cut if w.strip()]
    for i, word in enumerate(words[:-1]):
        rest = "".join(words[i + 1 :])
        if (
            word in _COPULA
            and (_ENDING.match(rest) or _ASKING.match(words[i + 1]))
            and "的" in words[max(0, i - 3) : i]
        ):
            at = max(j for j in range(max(0, i - 3), i) if words[j] == "的")
            return set(words[at + 1 : i])
    tail = [w for w in words if not _ENDING.match(w)]
    if "的" in tail[:-1]:
        at = max(j for j, w in enumerate(tail) if w == "的")
        if 1 <= len(tail) - at - 1 <= 2 and any(
            _ASKING.match(w) or _ASKING_CHARS.search(w) for w in tail[:at]
        ):
            return set(tail[at + 1 :])
    return set()


def _as_what(norm: str, cut: list[str], tokenizer: Tokenizer) -> bool:
    """Whether 为什么 is 为 (as) and 什么 (what) rather than "why": with nothing after it but a
    noun (名为什么?, 被册封为什么官职?, 划分为什么?) or 样 (呈现为什么样的形状). `这是为什么?`
    still asks why."""
    if "为什么样" in norm:
        return True
    start = 0
    for i, word in enumerate(cut):
        if word == "为什么":
            rest = [w for w in cut[i + 1 :] if HAN_WORD.match(w)]
            if not rest:
                return not norm[:start].endswith(("是", "这", "那"))
            return tokenizer.tag(rest[0]) is None and rest[1:2] in ([], ["的"])
        start += len(word)
    return False


def asks_why(text: str) -> bool:
    """Whether a text (a question an article asks itself: 高温津贴为何落实不到位？) asks why."""
    return bool(_WHY.search(text))


def analyze(text: str, tokenizer: Tokenizer, seen: Callable[[str], int] | None = None) -> Question:
    """What `text` asks; with `seen` (in how many sentences the articles say a word), jieba's
    cuts across two words are mended first."""
    norm = _COLLOQUIAL.sub(lambda m: _SPOKEN[m[0]], tokenizer.normalize(text))
    cut = tokenizer.cut(norm)  # the question in words, once for the kind, the measure and the words
    # What the asking words read: a 几 that says "a few" asks nothing (某, of the same length).
    asks = _SOME.sub("某", norm) if _DEFINITE.search(norm) else norm
    as_what = _as_what(norm, cut, tokenizer)
    if as_what:  # 册封|为|什么|官职: 什么 asks, and the noun after it names the kind of answer
        cut = [piece for word in cut for piece in (("为", "什么") if word == "为什么" else (word,))]
    kind, asking = next(
        ((k, m.span()) for k, p in _KINDS if (m := p.search(asks)) and not (as_what and k is Kind.REASON)),
        (None, (0, 0)),
    )
    unit = next((units for pattern, units in _WANTED_UNITS if pattern.search(asks)), None)
    if seen is not None:
        cut = _mend(cut, seen, tokenizer.in_dictionary)
        cut = [piece for word in cut for piece in _unglue_name(word, seen, tokenizer)]
    measure = _measure(asks, cut, tokenizer)  # 多少钱 → 钱, 多少名 → 名, 多少公里 → 公里
    described = _described(cut)
    unit = unit or (_ALIKE.get(measure, measure) if measure else None)
    words: list[Word] = []
    after_asking = False
    sort = None
    end = 0
    for word in cut:
        start, end = end, end + len(word)
        in_asking = asking[0] <= start < end <= asking[1]
        # 排第|几: a piece of the asking phrase jieba cut off it; 又|叫: the asking phrase of a name
        if _ASKING.match(word) or (
            in_asking and (_ASKING_CHARS.search(word) or kind in (Kind.ALIAS, Kind.OCCUPATION))
        ):
            # 哪个城市, 什么公司: the kind of answer; 多少社工: the fact asked
            after_asking = bool(_DETERMINER.match(word))
            continue
        if word == "月份" and _BEFORE_MONTH.search(norm[:start]):
            # 4月份 is 4月, which the question's times demand; 月份 is no word of its own that a
            # sentence on another month says
            continue
        tokens = tuple(tokenizer.word_tokens(word))
        if after_asking and tokens and sort is None and tokenizer.tag(word) not in _MEASURE_TAGS:
            sort = word
        if tokens and word not in (w.text for w in words):  # a word said twice counts once
            everyday = _everyday(word, after_asking, measure, tokenizer)
            name = not everyday and word not in described and tokenizer.is_name(word)
            predicate = tokenizer.tag(word) in PREDICATE_TAGS
            common = not name and tokenizer.general_idf(word) < COMMON_IDF
            words.append(Word(word, name, tokens, everyday, predicate, common))
        # 谁的儿子, 哪一个族群, 哪两所学校: over function words and numerals to the noun naming
        # the kind, but not past the end of the asking phrase (什么|时候|入冬) unless on a measure
        counting = bool(tokens) and tokenizer.tag(word) in _MEASURE_TAGS
        after_asking = (
            after_asking and (not tokens or counting) and (counting or not (in_asking and end == asking[1]))
        )
    for number in numeral_variants(norm):  # 十七 → 17: a help to match, never demanded
        words.append(Word(number, False, (number,), everyday=True))
    # Subjects are places, people and organisations; jieba's "other proper nouns" (nz) are too
    # often common words (大会战) to demand.
    entities = tuple(
        dict.fromkeys(
            w.text for w in words if w.name and len(w.text) > 1 and tokenizer.name_tag(w.text) in SUBJECT_TAGS
        )
    )
    who = _WHO_IS.match(norm)
    if (
        who
        and not re.search(OFFICES, who.group(1))
        and (tokenizer.name_tag(who.group(1)) in PERSON_TAGS or tokenizer.is_new_word(who.group(1)))
    ):
        kind = Kind.ROLE  # 赵江文是谁: the office he holds
    times = tuple(dict.fromkeys(_TIME_SUBJECT.findall(norm)))
    models = tuple(dict.fromkeys(_MODEL_SUBJECT.findall(norm)))
    counted = {w.text: w for w in words if w.text not in entities}
    asked = _asked(cut, counted, measure, tokenizer) if kind in (Kind.QUANTITY, Kind.ORDINAL) else ()
    office = _OFFICE.search(norm) if kind is Kind.PERSON else None
    return Question(
        text,
        tuple(words),
        kind,
        unit,
        entities,
        times,
        models,
        asked,
        office.group(1) if office else None,
        kind is Kind.PERSON and bool(_KIN.search(norm)),
        sort,
    )


def _asked(
    cut: list[str], words: dict[str, Word], measure: str | None, tokenizer: Tokenizer
) -> tuple[str, ...]:
    """What a figure is asked of: up to two words right after 多少/几 and its measure word
    (多少育儿津贴, 几家企业) and right before it (制造业PMI是多少, 一年亏损多少).

    Only words a sentence cannot say otherwise are kept: words rarer than ASKED_MIN_IDF in
    Chinese at large (烈度, 亏损, 制造业, 查处), known to jieba's dictionary, with no figure in
    them. A word not in `words` (a place, person or organisation), an everyday word or a number
    ends a run, and a verb is its last word:
    沈阳 and 一年 are not what is counted, and common nouns (客人, 总额, 一带) have many wordings.
    """
    at = next((i for i, w in enumerate(cut) if _FIGURE_ASKING.match(w)), None)
    if at is None:
        return ()

    def run(side: list[str]) -> list[str]:
        if side and (side[0] in (measure, "百分之") or not tokenizer.word_tokens(side[0])):
            side = side[1:]  # 多少吨油, 是多少, 百分之多少: the measure and the link to the thing counted
        out: list[str] = []
        for n, w in enumerate(side[:2]):
            word = words.get(w)
            if (
                word is None
                or word.everyday
                or any(c.isdigit() for c in w)
                or (n + 1 < len(side) and side[n + 1].isdigit())  # the word after it in the run: 6|月份
                or not (tokenizer.in_dictionary(w) or w.isascii())  # a word jieba made up: 能载, 冷到
            ):
                break
            out.append(w)
            if word.predicate:  # 查处了多少: the verb ends the phrase
                break
        return [w for w in out if tokenizer.general_idf(w) >= ASKED_MIN_IDF]

    return tuple(dict.fromkeys(run(cut[at + 1 :]) + run(cut[at - 1 :: -1] if at else [])))
