"""How a natural person's data is masked, and the surnames that say a word is a name."""

from __future__ import annotations

MASK = "*"

# 复姓: the common two-character surnames; everything else is a one-character surname.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "闻人",
        "端木",
        "澹台",
        "西门",
        "南宫",
        "独孤",
        "百里",
        "呼延",
        "万俟",
        "申屠",
        "太史",
        "公羊",
        "赫连",
        "拓跋",
        "第五",
    ]
)

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
"""Common one-character surnames (百家姓, by frequency): a new word starting with one is a name."""


def surname(name: str) -> str:
    """The surname of a Chinese name (复姓 recognised); the first character otherwise."""
    name = name.strip()
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def mask_name(name: str) -> str:
    """A natural person's name as published: surname plus 某某 (``王某某``)."""
    return surname(name) + "某某"


def mask_id_number(value: str) -> str:
    """An ID number keeping its first 6 and last 4 characters (``120116********1234``)."""
    value = value.strip()
    if len(value) <= 10:
        return MASK * len(value)
    return value[:6] + MASK * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """A phone number with every digit but the first three masked (``138********``)."""
    digits = [c for c in value if c.isdigit()]
    keep = 3 if len(digits) >= 7 else 0
    seen = 0
    out = []
    for c in value:
        if c.isdigit():
            out.append(c if seen < keep else MASK)
            seen += 1
        else:
            out.append(c)
    return "".join(out)


def mask_mobile(value: str) -> str:
    """A mobile number found in free text, masked but for its first three digits.

    The common 138****5678 form would leave 7 of 11 digits; the prefix alone
    says no more than the carrier.
    """
    return mask_phone(value)


def mask_account(value: str) -> str:
    """A bank account masked entirely but its last 4 characters."""
    value = value.strip()
    return MASK * max(len(value) - 4, 0) + value[-4:] if len(value) > 8 else MASK * len(value)
