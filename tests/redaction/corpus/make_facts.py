"""Write ``facts.jsonl``: realistic 违法事实 sentences with their personal data marked.

Run once (``python -m tests.redaction.corpus.make_facts``); the file is committed and is
what the tests and ``benchmarks/redaction.py`` read. Each line is a JSON object:
``text``; ``labels``, a list of ``[start, end, kind]`` (kind: name, id_number, phone,
bank_account, email, licence_plate, address); ``public``, the officers', organisations'
and representatives' names the sentence states (public by law, never personal data).
The seed is fixed, so the file is the same on every run.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from enforcement.identifiers import id_number_check_char
from enforcement.redaction.recognizers import luhn_ok

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文辉建华玉兰萍红鹏志强宇浩凯晨欣怡子涵梓萱一诺雨桐宏亮春梅海燕国庆建国德胜永红丽华金凤玉梅立新"
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "东方", "慕容"]
MINORITY = [
    "阿不都热合曼·买买提",
    "古丽娜尔·艾则孜",
    "买买提江·吐尔逊",
    "热依拉·阿不力孜",
    "努尔兰·沙肯",
]
PLACES = [
    "新城镇港城路与海泰大道交叉口",
    "胡家园街道渤海十路",
    "新城镇八里台村东侧",
    "中塘镇商业街南口",
    "古林街道北环路",
    "新城镇农贸市场",
    "港城路东侧绿地内",
    "大港油田三号院门前",
]
ORGS = [
    ("天津市滨海新区孟欣汽车修理厂", "段霞子"),
    ("天津海润建筑工程有限公司", "郭立平"),
    ("天津市鑫达物流有限公司", "邱振东"),
    ("天津滨海恒昌化工有限公司", "邓志远"),
]
OFFICERS = ["韩雪松", "黄立伟", "孔令辉", "陶冶"]
PROVINCES = "京津冀沪鲁苏浙豫晋辽"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
DOMAINS = ["163.com", "qq.com", "126.com", "sina.com", "foxmail.com"]


class Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def name(self) -> str:
        r = self.rng
        if r.random() < 0.08:
            return r.choice(COMPOUND) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))

    def id_number(self, legacy: bool = False, wrong: bool = False) -> str:
        r = self.rng
        born = date(1950, 1, 1) + timedelta(days=r.randrange(365 * 50))
        region = r.choice(["120116", "120101", "130102", "370202", "410105"])
        if legacy:
            return f"{region}{born:%y%m%d}{r.randrange(1000):03d}"
        body = f"{region}{born:%Y%m%d}{r.randrange(1000):03d}"
        check = id_number_check_char(body)
        if wrong:
            check = r.choice([c for c in "0123456789X" if c != check])
        return body + check

    def mobile(self) -> str:
        r = self.rng
        digits = r.choice(["13", "15", "18", "17", "19"]) + "".join(
            str(r.randrange(10)) for _ in range(9)
        )
        style = r.randrange(4)
        if style == 1:
            return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
        if style == 2:
            return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        return digits

    def landline(self) -> str:
        r = self.rng
        area = r.choice(["022", "010", "0571", "0532"])
        local = str(r.randint(2, 8)) + "".join(str(r.randrange(10)) for _ in range(7))
        return r.choice([f"{area}-{local}", f"（{area}）{local}", f"{area}{local}"])

    def card(self) -> str:
        r = self.rng
        while True:
            digits = r.choice(["6222", "6217", "6228", "6214"]) + "".join(
                str(r.randrange(10)) for _ in range(r.choice([12, 15]))
            )
            if luhn_ok(digits):
                return digits

    def plate(self) -> str:
        r = self.rng
        tail = "".join(r.choice("0123456789" + LETTERS[:8]) for _ in range(5))
        return r.choice(PROVINCES) + r.choice(LETTERS) + tail

    def email(self) -> str:
        r = self.rng
        user = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(4, 8)))
        return f"{user}{r.randint(1, 99)}@{r.choice(DOMAINS)}"

    def address(self) -> str:
        r = self.rng
        return f"天津市滨海新区{r.choice(['新城镇', '胡家园街道', '中塘镇'])}{r.choice(['港城路', '幸福里', '海泰道'])}{r.randint(1, 300)}号{r.randint(1, 9)}单元{r.randint(101, 1802)}室"

    def day(self) -> str:
        d = date(2024, 1, 1) + timedelta(days=self.rng.randrange(700))
        return f"{d.year}年{d.month}月{d.day}日"


TEMPLATES = [
    "经查，当事人{name}（身份证号：{id}）于{day}在{place}擅自占用城市道路堆放建筑材料，影响道路通行。",
    "{day}，执法人员在{place}巡查时发现，{name}驾驶车牌号为{plate}的货车沿途抛撒建筑垃圾。",
    "当事人{name}在{place}经营的小吃摊未取得食品经营许可证，其联系电话为{mobile}。",
    "证人{name2}证实，当事人{name}于{day}在{place}露天焚烧秸秆，产生大量烟尘。",
    "当事人{name}通过银行卡{card}收取违法所得共计{money}元。",
    "举报人{name2}通过电子邮箱{email}反映，{place}某建筑工地夜间违规施工。",
    "当事人{org}（法定代表人{rep}）未按规定对从业人员进行安全生产教育和培训。",
    "{org}于{day}在{place}违规排放污水，经监测化学需氧量超标{n}倍。",
    "当事人{name}（住{address}）在宅基地上未经批准擅自搭建建筑物约{n}平方米。",
    "{name}称其手机号{mobile}系本人使用，承认于{day}在{place}无照经营。",
    "执法人员{officer}、{officer2}出示执法证件后对{place}进行了现场检查，当事人{org}未按要求整改。",
    "当事人{name}于{day}将车辆{plate}停放在{place}人行道上，阻碍行人通行。",
    "经调取监控录像，{name}、{name2}二人于{day}在{place}倾倒生活垃圾。",
    "当事人{minority}在{place}销售不符合农产品质量安全标准的蔬菜{n}公斤。",
    "当事人{name}的身份证号码为{id15}，系在{place}从事经营活动的个体户。",
    "当事人通过座机{landline}对外招揽客户，在{place}从事无证经营。",
    "当事人{name}向{name2}的银行账户{card}转账{money}元用于购买违禁物品。",
    "{day}，当事人在{place}（{org}厂区内）堆放危险废物，未设置识别标志。",
    "当事人{name}（身份证号{idwrong}）于{day}在{place}设置户外广告牌，未经审批。",
    "现场负责人{name}，联系方式{landline}，对检查发现的事故隐患签字确认。",
    "{org}法定代表人{rep}于{day}接受询问，承认未取得排污许可证排放废气。",
    "当事人{name}利用邮箱{email}发布虚假招工信息，涉案金额{money}元。",
]


def _fill(m: Maker, template: str) -> dict[str, object]:
    r = m.rng
    org, rep = r.choice(ORGS)
    officers = r.sample(OFFICERS, 2)
    values = {
        "name": ("name", m.name()),
        "name2": ("name", m.name()),
        "minority": ("name", r.choice(MINORITY)),
        "id": ("id_number", m.id_number()),
        "id15": ("id_number", m.id_number(legacy=True)),
        "idwrong": ("id_number", m.id_number(wrong=True)),
        "mobile": ("phone", m.mobile()),
        "landline": ("phone", m.landline()),
        "card": ("bank_account", m.card()),
        "email": ("email", m.email()),
        "plate": ("licence_plate", m.plate()),
        "address": ("address", m.address()),
        "org": (None, org),
        "rep": (None, rep),
        "officer": (None, officers[0]),
        "officer2": (None, officers[1]),
        "place": (None, r.choice(PLACES)),
        "day": (None, m.day()),
        "money": (None, f"{r.randint(2, 900) * 100}"),
        "n": (None, str(r.randint(2, 40))),
    }
    text = ""
    labels: list[list[object]] = []
    public: list[str] = []
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        key, _, rest = after.partition("}")
        text += before
        kind, value = values[key]
        if kind is not None:
            labels.append([len(text), len(text) + len(value), kind])
        elif key in ("org", "rep", "officer", "officer2"):
            public.append(value)
        text += value
    text += rest
    return {"text": text, "labels": labels, "public": public}


def main() -> None:
    m = Maker(2026)
    lines = []
    for i in range(240):
        lines.append(_fill(m, TEMPLATES[i % len(TEMPLATES)]))
    out = Path(__file__).with_name("facts.jsonl")
    out.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
