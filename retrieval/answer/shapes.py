"""Where in a sentence the kind of thing a question asks for stands: figures, dates, names.

Each finder returns character spans of the sentence, so the ranker can reward a sentence that
has the shape asked for and the front ends can mark the figure in the answer.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from retrieval.answer.question import OFFICES, Kind, Question
from retrieval.index.tokenizer import PERSON_TAGS, PLACE_TAGS, Tokenizer

# Where in a sentence a figure, date or name stands: its start and end offsets. (A token with
# its offsets is `tokenizer.Span`.)
Extent = tuple[int, int]

# Arabic figures, or Chinese numerals other than a lone 一 (一起, 一批 are words, not counts),
# unless a half follows its unit: 一年半, 一个半小时 are durations, as is 半年 (not 下半年).
_NUMBER = (
    r"(?:\d[\d,，.]*\d|\d|[零〇一二两三四五六七八九十百千万亿]{2,}|[二两三四五六七八九十]"
    r"|一(?=[年天周]半)|一个半(?=小时|月|赛季)|一(?=个月|个小时)|(?<![上下前后多大])半(?=年|个月|天|小时))"
)
_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年$")
UNITS = (
    "个百分点|百分点|平方公里|平方千米|人次|场次|户次|万元|亿元|美元|欧元|日元|英镑|港元|港币|新台币|加元|澳元|新元|韩元|卢布|法郎|马克|比索|人民币|美金|"
    "千克|公斤|毫克|公里|千米|公尺|厘米|毫米|公分|公厘|海里|英里|英尺|英寸|公顷|毫升|千瓦|兆瓦|呎|吋|哩|磅|"
    "平方米|立方米|英亩|m²|km²|万人|万余|小时|分钟|秒钟|毫秒|个月|世纪|赛季|英吋|英呎|摄氏度|华氏度|"
    "光年|名|个|位|人|起|件|家|所|次|场|项|条|种|株|辆|份|本|户|批|座|处|台|套|篇|类|部|支|列|"
    "趟|头|颗|艘|匹|只|张|块|间|层|首|枚|棵|架|幅|届|集|期|章|节|组|队|门|口|尾|对|轮|粒|根|栋|幢|页|卷|册|席|球|秒|"
    "吨|斤|克|元|米|年|天|周|倍|岁|级|度|℃|亩|点|分|成|%|％|‰"
)
_FIGURE_PATTERN = (
    rf"(?:近|约|超过|逾)?{_NUMBER}(?:\.\d+)?\s*(?:余|多)?\s*(?:[万亿千百])?\s*(?:余|多)?\s*(?P<unit>{UNITS})"
)
# What may follow a number and make it a figure with a measure word (3,000元, 5万余元, 3.5亿美元):
# then it is not a bare count or value.
_UNIT_TAIL = rf"(?!\s*(?:余|多)?\s*[万亿千百]?\s*(?:余|多)?\s*(?:{UNITS}))"
# A count said with no measure word: 2,790,060, 312.24万, 四十万; a comma after it ends a clause.
_BARE = re.compile(
    r"(?<![\d.])(?<!\d,)(?:\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+(?:\.\d+)?\s*[万亿]"
    rf"|[一二两三四五六七八九十][一二两三四五六七八九十百千]*[万亿]){_UNIT_TAIL}"
)
# A value with no measure word: an index, a rate (综合PMI为50.6); not a date (2019.10).
_DECIMAL = re.compile(rf"(?<![\d.])(?<!\d,)(?!(?:19|20)\d\d\.\d)\d+\.\d+(?![\d.]){_UNIT_TAIL}")
# Measure words that count things (not lengths, weights, sums of money, times or shares), and
# those that count people.
COUNTERS = (
    "人次|场次|户次|万人|名|个|位|人|起|件|家|所|次|场|项|条|种|株|辆|份|本|户|批|座|处|台|套|篇|"
    "类|部|支|列|趟|头|颗|艘|匹|只|张|块|间|层|首|枚|棵|架|幅|届|集|期|章|节|组|队|门|口|尾|对|轮|"
    "粒|根|栋|幢|页|卷|册|席|球"
)
PEOPLE = "人次|万人|名|位|人"
# A share: 0.3%, 百分之五, and fractions (三分之一, 3/5, 一半), which answer 多少比例 as well.
_PERCENT = re.compile(
    r"\d+(?:\.\d+)?\s*[%％‰]|百分之[零一二三四五六七八九十百点]+"
    r"|[一二两三四五六七八九十百千万\d]+分之[零一二三四五六七八九十百点\d]+|(?<![\d/.])\d{1,2}/\d{1,3}(?![\d/])|一半|过半(?![年个天小])|半数"
)
# A day of a month said the lunar way: 七月初十, 十月廿一.
_LUNAR_DAY = re.compile(
    r"[正一二三四五六七八九十冬腊]{1,2}月(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]?|卅)"
)
_DATE_PATTERN = (
    r"(?:(?:1\d|20)\d{2}\s*(?:年|-|/|\.)|(?<!\d)\d{3}\s*年)(?:\s*\d{1,2}\s*(?:月|-|/|\.)(?:\s*\d{1,2}\s*日?)?)?"
    r"|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|\d{1,2}\s*[日号](?!线)|[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?"
    r"|(?:今年|去年|前年|明年)(?:\d{1,2}月)?|(?:上|下|本)(?:半年|月|周)|(?:年底|年初|月底|月初)"
    # a reign or era's year (顺治十一年, 建兴元年, 民国34年), a century, and years ago (6000年前)
    r"|(?<=[\u4e00-\u9fff]{2})(?<![了过近约达满余第一二三四五六七八九十这那同当每该整全半本])(?:元|[一二三四五六七八九十]{1,3})年(?![后前来间内多])"
    r"(?:[一二三四五六七八九十]{1,2}月)?"
    r"|民国\s*\d{1,3}\s*年|(?:公元前?\s*)?\d{1,2}\s*世纪(?:\s*\d0\s*年代)?|\d+(?:\.\d+)?\s*[万亿]?\s*年前"
)


def _opening_on(first: str, pattern: str) -> re.Pattern[str]:
    """`pattern`, compiled with a look at the character it opens on put before it: one of `first`
    (a character class's body), as every match of it does. Python's engine tries each of a
    pattern's alternatives at every position of a text; this turns most positions away at one
    look (finding a sentence's figures takes half the time, its dates a third)."""
    return re.compile(f"(?=[{first}])(?:{pattern})")


_FIGURE = _opening_on(r"近约超逾\d零〇一二两三四五六七八九十百千万亿半", _FIGURE_PATTERN)
_DATE = _opening_on(r"\d一二三四五六七八九十今去前明上下本年月元民公", _DATE_PATTERN)
_ORDINAL = re.compile(
    r"第\s*[一二三四五六七八九十百\d]+|前\s*[一二三四五六七八九十\d]+|首位|榜首|最高|最低|前列"
)
# What gives a cause: 由于…, …导致…, 原因是….
_REASON = re.compile(
    r"因为|由于|原因|导致|因此|所以|造成|源于|缘于|归因|是因|之所以|受到?.{1,12}影响|鉴于|以便|为了"
)
# What gives another name: 又称椰子狸, 旧称虾夷地, 俗名红肉钻, 被称为特洛伊家族.
_NAMING = re.compile(
    r"[又也亦俗简统通别旧古原本全学昔今]\s*(?:称|名|叫)|称[为作之]|叫[做作]|名为|译[为作名]|外号|绰号|昵称|"
    r"[又也亦]?被称|一般称|合称|并称"
)
# A family tie, as biographies say it: 司马炎之子, 皇太极第五子, 琅邪王司马伷三子, 生母, 嫁给.
_KINSHIP = re.compile(
    r"[之长次三四五六七八九十幼庶嫡养独]子|第[一二三四五六七八九十\d]+子|儿子|[之长次幼养独]女|女儿|"
    r"之?父|父亲|生?母|母亲|之?妻|妻子|丈夫|[之长]孙|孙子|孙女|[之胞]?兄长?|[之胞]弟|哥哥|弟弟|姐姐|妹妹|"
    r"[皇王]子|公主|嫁|娶|皇后|夫人"
)
# Trades people are said to follow: what 职业是什么 wants.
_OCCUPATION = re.compile(
    r"运动员|球员|教练|裁判|球证|演员|歌手|艺人|模特儿?|主持人|导演|编剧|制作人|作家|作者|诗人|画家|"
    r"漫画家|音乐家|作曲家|词作家|音乐人|评论人|影评人|记者|编辑|医生|[中西]医|护士|律师|法官|教师|讲师|"
    r"教授|学者|研究员|科学家|工程师|设计师|建筑师|摄影师|厨师|琴师|舞者|声优|配音员|政治家|外交官|官员|"
    r"军人|将领|企业家|商人|银行家|僧人|牧师|创作人"
)
_DEFINITION = re.compile(
    r"是指|指的是|即|称为|又称|简称|被称作|是[^，,。；;]{0,20}?一[种个项类位支座家所部首款名条只本间门枚颗]"
)


_CLOCK = re.compile(
    r"\d{1,2}\s*[:：]\s*\d{2}(?:\s*分)?|\d{1,2}\s*时(?:\s*\d{1,2}\s*分)?|"
    r"(?:凌晨|早上|上午|中午|下午|傍晚|晚上)?\s*[\d一二三四五六七八九十两]{1,3}\s*点(?:半|\s*\d{1,2}\s*分)?"
)
# Two or more items in a row, separated by 、 (an enumeration: 润扬大桥、泰州大桥、苏通大桥).
_LIST = re.compile(r"[^，,。；;：:、\s]{2,20}(?:、[^，,。；;：:、\s]{2,20})+")
# A code of letters and digits: G11, L2, CRH380A, GMH W184.
_CODE = re.compile(r"(?<![A-Za-z\d])[A-Za-z]{1,4}[\-\s]?\d{1,5}[A-Za-z\d]*(?![A-Za-z\d])")
# Offices and roles: what `X是谁` wants said of X.
_ROLE = re.compile(OFFICES)


def _wanted(found: str, units: str) -> bool:
    """Whether a figure's unit is one of `units`; 多少亿元 wants 元, the multiplier read apart (11.42亿元)."""
    return any(
        found.startswith(u) or found.endswith(u)
        for u in (u.lstrip("万亿千百") or u for u in units.split("|"))
    )


# An earthquake's magnitude written as seismologists do: Mw7.37, ML 4.8, mb5.2 (a figure in 级).
_MAGNITUDE = re.compile(r"(?<![A-Za-z\d])(?:m[wls]?|mb)\s*\d\.\d+(?![\d.])", re.IGNORECASE)


def figures(text: str, unit: str | None = None) -> list[Extent]:
    """Figures: with a measure word or percent sign, or a bare count or value (2,790,060, 50.6);
    only those in `unit` (alternatives: 米|千米) when one is named and present."""
    found = [
        (m.start(), m.end(), m.group("unit")) for m in _FIGURE.finditer(text) if not _YEAR.match(m.group())
    ]
    found += [(m.start(), m.end(), "%") for m in _PERCENT.finditer(text)]
    found += [(m.start(), m.end(), "") for m in _BARE.finditer(text)]
    found += [(m.start(), m.end(), "") for m in _DECIMAL.finditer(text)]
    # A number right after Latin letters is part of a name: PM2.5, G20, A320.
    found = [f for f in found if not (f[0] and text[f[0] - 1].isascii() and text[f[0] - 1].isalpha())]
    found += [(m.start(), m.end(), "级") for m in _MAGNITUDE.finditer(text)]
    if unit:
        wanted = [f for f in found if _wanted(f[2], unit)]
        if wanted:
            found = wanted
    return sorted({(a, b) for a, b, _ in found})


def has_unit(text: str, unit: str) -> bool:
    """Whether `text` has a figure in one of the units `unit` names (多少名 → 名; 多深 → 米|千米)."""
    units = unit.split("|")
    return (
        any(_wanted(m.group("unit"), unit) for m in _FIGURE.finditer(text))
        or ("%" in units and bool(_PERCENT.search(text)))
        or ("级" in units and bool(_MAGNITUDE.search(text)))
    )


def of_sort(text: str, lists: tuple[Extent, ...], sort: str) -> bool:
    """Whether one of the enumerations `lists` (spans of `text`) has two items or more of the
    sort asked, by its last character: 润扬大桥、泰州大桥 for 哪些桥."""
    return any(sum(item.endswith(sort[-1]) for item in text[a:b].split("、")) > 1 for a, b in lists)


def has_count(text: str, units: str = COUNTERS) -> bool:
    """Whether `text` counts something: a figure in one of `units` (people: PEOPLE) or a
    number with no measure word (2,790,060). 12千米 and 13年 count nothing."""
    return has_unit(text, units) or bool(_BARE.search(text))


def dates(text: str, unit: str | None = None) -> list[Extent]:
    """Dates; with `unit`, only those that name it (哪一年 → 年, 哪天 → 日|号: 七月初十 too)."""
    found = [
        m.span() for m in _DATE.finditer(text) if not unit or any(u in m.group() for u in unit.split("|"))
    ]
    if not unit or "日" in unit.split("|"):
        found += [m.span() for m in _LUNAR_DAY.finditer(text)]
    return sorted(set(found))


# What does not make a word name a thing of a sort (的教派, 这一时期, 各党).
_NOT_NAMING = frozenset("的之了是为在和与及或这那该此其各每某哪何一个种类等两几诸多本些")


def of_kind(text: str, words: list[str], sort: str) -> list[Extent]:
    """Things named as of the sort asked, the sort their last word: 阿里乌教派 for 哪一个教派,
    文艺复兴时期 for 哪个时期, 黄河 for 哪一条河; or, of a sort of two characters, its first, the
    one a name of three characters or more ends in, or that stands as a word after one (葡萄牙语
    for 哪种语言, 新闻|法 for 什么法律; not 方法 or 小时). `words` are the sentence's, in order."""
    ends = list(itertools.accumulate(len(w) for w in words))
    starts = [0, *ends]
    out = []
    for k, word in enumerate(words):
        if word.endswith(sort) and (len(word) > len(sort) or k > 0):
            head = sort
        elif len(sort) == 2 and (word == sort[0] and k > 0 or len(word) >= 3 and word.endswith(sort[0])):
            head = sort[0]
        else:
            continue
        a = ends[k] - len(head)
        before = text[a - 1] if a > 0 else ""
        if before and "\u4e00" <= before <= "\u9fff" and before not in _NOT_NAMING:
            out.append((starts[k - 1] if len(word) == len(head) else starts[k], ends[k]))
    return out


def _may_name(text: str, sort: str) -> bool:
    """Whether `of_kind` may find a thing of the sort in `text`: the text holds the sort, or the
    first character of a sort of two; else its words need not be read (about half the candidates)."""
    return sort in text or (len(sort) == 2 and sort[0] in text)


# A time said by pointing back to one the text gave before (同年, 这一年, 次日), opening a clause
# (not 不同年龄, 于是年轻, 相当日常, 这一年代), and how far it dates: a year, a month or a day.
_BACK_IN_TIME = re.compile(
    r"(?:^|(?<=[，,；;：:、（(“\"在]))(?:(?P<年>同年|这一年|是年|次年|翌年|隔年|该年)|(?P<月>同月|次月|翌月)"
    r"|(?P<日>同日|当天|次日|翌日|当日))(?![龄级轻代纪常])"
)
# What each unit a when-question asks needs the time pointing back to date (哪一天: a day).
_DATES = {"年": ("年", "月", "日"), "月": ("月", "日"), "日": ("日",), "号": ("日",)}


def times_back(text: str, unit: str | None = None) -> list[Extent]:
    """Times that take their date from an earlier sentence, and date as far as `unit` asks
    (哪一年, 哪天): `同年香港演艺巨星…辞世` is dated by the year the sentence before gives; 次年
    gives no day."""
    wanted = {g for u in (unit or "年").split("|") for g in _DATES.get(u, ())}
    return [m.span() for m in _BACK_IN_TIME.finditer(text) if m.lastgroup in wanted]


def _spans_of(pattern: re.Pattern[str]) -> Callable[[str], list[Extent]]:
    """The finder of a shape one regular expression describes: the spans of its matches."""
    return lambda text: [m.span() for m in pattern.finditer(text)]


clock_times = _spans_of(_CLOCK)
enumerations = _spans_of(_LIST)
roles = _spans_of(_ROLE)
ordinals = _spans_of(_ORDINAL)
reasons = _spans_of(_REASON)
definitions = _spans_of(_DEFINITION)
namings = _spans_of(_NAMING)
occupations = _spans_of(_OCCUPATION)
codes = _spans_of(_CODE)


def names(
    words: list[str], tokenizer: Tokenizer, tags: frozenset[str], new_words: bool = False
) -> list[Extent]:
    """Spans of the words (a text's, `Tokenizer.segment`) jieba's dictionary tags with one of
    `tags` (nr: people, ns: places), and, with `new_words`, of words its HMM found that the
    dictionary does not know and that open as people's names do (刘佳芸, not 之称)."""
    return _word_spans(
        words,
        lambda word: (
            tokenizer.name_tag(word) in tags
            or (new_words and tokenizer.is_new_word(word) and tokenizer.opens_like_name(word))
        ),
    )


# The generic words that end places' names and seldom people's (宫古岛, 维多利亚港, 斯旺西湾).
_PLACE_ENDS = ("岛", "港", "湾", "峡", "省", "市", "县", "镇", "村")


def places(words: list[str], tokenizer: Tokenizer) -> list[Extent]:
    """Spans of the places among the words: those jieba's dictionary tags as places, and names of
    three characters or more that end in a place's generic word, whatever jieba tags them (its
    dictionary has 宫古岛 as a person)."""
    return _word_spans(
        words,
        lambda word: tokenizer.name_tag(word) in PLACE_TAGS or (len(word) > 2 and word.endswith(_PLACE_ENDS)),
    )


def _word_spans(words: list[str], naming: Callable[[str], bool]) -> list[Extent]:
    """Spans of the words of two characters or more that `naming` takes for a name."""
    spans, pos = [], 0
    for word in words:
        if len(word) > 1 and naming(word):
            spans.append((pos, pos + len(word)))
        pos += len(word)
    return spans


# A holder's name stands this close after the office (省长王凯, 总指挥、副省长于天敏) or right before it.
_HOLDER_AFTER, _HOLDER_BEFORE = 8, 1


def holders(text: str, people: list[Extent], office: str) -> list[Extent]:
    """The people of `people` (spans in `text`) named beside `office` as its holder: 省长王凯, not
    常务副省长孙守刚 when 省长 is asked (a deputy holds another office)."""
    held = [
        m.span()
        for m in re.finditer(re.escape(office), text)
        if office.startswith("副") or text[max(0, m.start() - 1) : m.start()] != "副"
    ]
    return [
        (a, b)
        for a, b in people
        if any(0 <= a - end <= _HOLDER_AFTER or 0 <= start - b <= _HOLDER_BEFORE for start, end in held)
    ]


# A finder is given a sentence's normalised text, and a way to have its words if it needs them.
Finder = Callable[[str, Callable[[], list[str]]], list[Extent]]


def finder(question: Question, tokenizer: Tokenizer) -> Finder | None:
    """The function that finds, in a sentence, what `question` asks for: for a who-question
    naming an office, the person holding it; for one asking for a relative, people in a sentence
    that says a family tie; for one only naming the sort of thing asked (哪一个教派), things named
    as of that sort; for a where-from question (从哪里启运), a place 从 or 自 stands before; for a
    figure, one the question does not give in the unit it asks (按矩震级算是几级 of a 7.3级
    earthquake: not 7.3级), that did not go the other way, and, unless the question asks of two,
    not a joint figure of two (两校共迎来近100名)."""
    kind, unit, sort = question.kind, question.unit, question.sort
    asks = tokenizer.normalize(question.text)  # as the text is matched: 7.3級 is 7.3级
    if kind is Kind.PERSON:

        def people(words: Callable[[], list[str]]) -> list[Extent]:
            return names(words(), tokenizer, PERSON_TAGS, new_words=True)

        if question.office:
            office = question.office
            return lambda text, words: holders(text, people(words), office)
        if question.kin:
            return lambda text, words: people(words) if _KINSHIP.search(text) else []
        return lambda _, words: people(words)
    if kind is Kind.PLACE:
        if _FROM_WHERE.search(asks):  # 从哪里启运: where it comes from
            return lambda text, words: [
                span for span in places(words(), tokenizer) if _comes_from(text, span)
            ]
        return lambda _, words: places(words(), tokenizer)
    if kind is None and sort and not unit:
        return lambda text, words: of_kind(text, words(), sort) if _may_name(text, sort) else []
    find = _text_finder(kind, unit)
    if find is None:
        return None
    # The figures the question gives in the unit it asks: 7.3级 of 几级 (spaces aside).
    stated = [asks[a:b] for a, b in figures(asks)] if kind is Kind.QUANTITY and unit else []
    given = {_bare(figure) for figure in stated if has_unit(figure, unit or "")}
    opposite = _against(question) if kind is Kind.QUANTITY else ""
    # a joint figure of two (两校共迎来近100名) answers a question asking of both, not of one
    joint = kind is Kind.QUANTITY and not _OF_TWO.search(asks)

    def found(text: str, _: Callable[[], list[str]]) -> list[Extent]:
        return [
            (a, b)
            for a, b in find(text)
            if _bare(text[a:b]) not in given
            # 涨了多少 is not answered by what fell (下降1.4%): the verb just before the figure
            and not any(c in opposite for c in text[max(0, a - _VERB_BEFORE) : a])
            and not (joint and _JOINT.search(text, max(0, a - _JOINT_SPAN), a))
        ]

    return found


# A where-question asking where from (从哪里启运, 自何处), and how far before the place its 从 stands
# in the same clause (12日从中国海油青岛…基地启运).
_FROM_WHERE = re.compile(r"(?<!来)[从自](?:哪|何处|何地)")  # (来自哪个国家 is where one is from: born)
_FROM_WITHIN = 6  # characters between 从 and the place, not past where to: 自新疆运往上海
_FROM_BEFORE = re.compile(rf"[从自由][^，。；,;往到至抵向]{{0,{_FROM_WITHIN}}}$")


def _comes_from(text: str, span: Extent) -> bool:
    """Whether the place at `span` is one something comes from: 从, 自 or 由 just before it."""
    return _FROM_BEFORE.search(text, max(0, span[0] - _FROM_WITHIN - 1), span[0]) is not None


# A figure two things make together (两校共迎来近100名, 两国合计), read back from the figure within
# its clause; and a question asking of two (两校一共, 两所学校加起来) that such a figure answers.
_JOINT = re.compile(r"两[\u4e00-\u9fff]{1,2}?(?:共(?!同)|合计|总共|一共)[^，。；,;]{0,8}$")
_JOINT_SPAN = 13  # the most characters _JOINT reads back from a figure
_OF_TWO = re.compile(r"两|二者|加起来|[合总一]共|共计|[和与及]")


# How far before a figure its verb stands: 下降约0.39个百分点, 同比上涨0.3%.
_VERB_BEFORE = 3


def _bare(figure: str) -> str:
    return "".join(figure.split())


# Which way a figure went: a rise (涨, 升, 增) or a fall (跌, 降, 减).
_RISE, _FALL = "涨升增", "跌降减"


def _against(question: Question) -> str:
    """The verbs of the way the question does not ask a figure went (涨了多少: 跌, 降, 减); empty
    when it asks no way or both. Only its verbs count: 增值税 and 多少升 ask no way."""
    said = "".join(w.text for w in question.words if w.predicate)
    rise, fall = any(c in said for c in _RISE), any(c in said for c in _FALL)
    return "" if rise == fall else _FALL if rise else _RISE


def _text_finder(kind: Kind | None, unit: str | None) -> Callable[[str], list[Extent]] | None:
    if kind is Kind.QUANTITY or (kind is None and unit):
        return lambda text: figures(text, unit)
    if kind is Kind.TIME:
        return lambda text: dates(text, unit)
    if kind is Kind.CLOCK:
        return clock_times
    if kind is Kind.LIST:
        return enumerations
    if kind is Kind.ROLE:
        return roles
    if kind is Kind.ORDINAL:
        return ordinals
    if kind is Kind.OCCUPATION:
        return occupations
    if kind is Kind.CODE:
        return codes
    if kind is Kind.ALIAS:
        return namings
    if kind is Kind.DEFINITION:
        return definitions
    if kind is Kind.REASON:
        return reasons
    return None
