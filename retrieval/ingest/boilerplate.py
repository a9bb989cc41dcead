"""Recognise the lines of a scraped page that are not article text: navigation, footers, widgets.

A line is judged on its own; `is_boilerplate` is used by the article parser to drop lines
wherever they stand, and `is_footer_marker` to cut the page's tail once the footer begins.
"""

from __future__ import annotations

import re

# Lines that are page furniture wherever they stand, however long.
_ALWAYS = re.compile(
    r"ICP备|ICP证|公网安备|公安机关备案号|网安备\s*\d"
    r"|Copyright|©|All Rights? Reserved|版权所有|保留所有权利"
    r"|未经(?:授权|许可).{0,10}(?:复制|转载|镜像)"
    r"|免责声明|不构成商业目的|不承担任何.{0,4}责任|请相关权利人与本网|信息内容的真实性、准确性"
    r"|返回顶部|回到顶部",
    re.IGNORECASE,
)

# Lines that are furniture when short: navigation, contact, sharing and sponsor lines.
_SHORT = re.compile(
    r"^(?:网站首页|首页|当前(?:所在|位置)|您的?(?:当前)?位置|欢迎(?:加入|访问|光临|来到))"
    r"|首页\s*[>›»/]"
    r"|联系我们|关于我们|网站地图|设为首页|加入收藏|广告(?:服务|业务)|投稿服务|本网招聘"
    r"|电话[:：]|传真[:：(（]|\(传真\)|邮箱|E-?mail[:：]|QQ[:：]|客服QQ|通联QQ|微信号[:：]"
    r"|(?:地址|办公区|邮编)[:：]"
    r"|^(?:责任编辑|编辑|责编|审核|校对|审校|值班编辑)\s*[:：]"
    r"|^(?:分享到|分享至|微信扫一扫|扫一扫|打印本页|关闭窗口|【?字号)|新浪微博\s*腾讯微博"
    r"|(?:主办|承办|主管|协办|技术支持)\s*[:：]|(?:主办|主管)\s*(?:\||$)"
    r"|阅读量|阅读数|浏览次数|点击数|浏览量"
    r"|^[（(]?原标题\s*[:：]"
    r"|^关注\s*[:：]?$"
    r"|\d+\s*条(?:评论|回复|留言)$|^赞同\s*\d+|^(?:点赞|收藏|举报|喜欢)\s*\d*$",
    re.IGNORECASE,
)

# Contact details by their shape rather than a label.
_CONTACT_SHAPE = re.compile(r"\b\d{3,4}-\d{7,8}\b|[\w.+-]+@[\w-]+\.[\w.]+")

# How long a line may be and still be judged by the short-line patterns.
SHORT_LINE = 150

# Lines after which a page has nothing more of the article.
_FOOTER = re.compile(
    r"^(?:原文链接|责任编辑|免责声明|\[免责声明\])|版权所有|Copyright|ICP备|返回顶部|^关于我们", re.I
)


# Lines that open what follows an article on a page: related headlines, comments, tags. Once the
# article's text has begun, the first of these ends it.
_ARTICLE_END = re.compile(
    r"^(?:相关|延伸|推荐|热门|热点|更多|精彩|猜你|往期|今日)(?:新闻|阅读|文章|推荐|报道|专题|资讯|喜欢|内容|排行|视频)"
    r"|^(?:热门|最新|全部|网友|精彩|用户|读者)?(?:评论|跟贴|留言)(?:区|列表|广场)?\s*[(（]?\d*[)）]?$"
    r"|^(?:我要|发表|写)(?:评论|跟贴|留言)|人参与$|^关键词(?:阅读)?\s*[:：]"
    r"|^(?:热门|相关)(?:标签|搜索|话题)|^(?:上一篇|下一篇)\s*[:：]"
)
_ARTICLE_END_MAX = 30
# A reader's comment opens with who and when: `昵称[网易上海网友]2019-05-18 09:21:25`.
_COMMENT_HEADER = re.compile(
    r"[\[［【(（][^\]］】)）]{0,12}(?:网友|用户|读者)[\]］】)）]\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}"
)

# A related headline with its date: `汇丰9月服务业PMI回落 2014/10/09`, `某某新闻 (05-10)`.
_DATED_HEADLINE = re.compile(
    r"^[^。！？!?]{4,60}?\s*[(（\[]?(?:(?:19|20)\d{2}[-/.])?\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2})?[)）\]]?$"
)
# A photo credit (and the caption it closes), an image's source, a data-source footnote.
_CREDIT = re.compile(
    r"[^。！？]{2,20}供图[。.)）]?$|^[（(]?(?:图片|图|视频|数据|资料)(?:来源|来自|源)\s*[:：]|^[（(]?(?:摄影|摄|图)\s*[/:：]"
    r"|^[^。！？]{2,40}数据来自[^。！？]{2,40}[；;。]?$|记者\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{1,4})*\s*摄[)）]?$"
)


def is_article_end(line: str) -> bool:
    """A line that opens the page's after-article furniture (related news, comments, tags)."""
    if _COMMENT_HEADER.search(line):
        return True
    return len(line) <= _ARTICLE_END_MAX and bool(_ARTICLE_END.search(line))


def is_boilerplate(line: str) -> bool:
    if _ALWAYS.search(line) or _DATED_HEADLINE.match(line) or _CREDIT.search(line):
        return True
    return len(line) <= SHORT_LINE and bool(_SHORT.search(line) or _CONTACT_SHAPE.search(line))


def is_footer_marker(line: str) -> bool:
    return bool(_FOOTER.search(line))
