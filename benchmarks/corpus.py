"""Write a synthetic corpus of cases, for measuring `validate` at scale.

Each case is a made-up company's results article: ~70 figures embedded in Chinese sentences
(money in 亿元, percents, 倍 multiples, percentage points, years, shares and HKD prices,
hedged with 约 where a writer would round), ~45 claims covering every claim kind, reference
figures as a filing would give them, and exclusions for the numbers that are not figures.
Every figure is a rounding of an exact value drawn first, so a claim holds by construction
unless the generator mis-states it on purpose (claims on figures no filing gives are
`unverifiable` externally) (about one case in ten carries a wrong growth
rate, reviewed as `fails`); operands given only by a filing make claims `unverifiable`
internally. `parse_quantity` fills each fact's value, unit, decimals and qualifier from its
stated text, so every row parses back; the test of this module checks that a generated
corpus validates with exit 0.

Deterministic: the same `seed` and `cases` give byte-identical files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from checks.inputs.case import (
    CLAIM_COLUMNS,
    CONCEPT_COLUMNS,
    EXCLUDED_COLUMNS,
    FACT_COLUMNS,
    REFERENCE_COLUMNS,
)
from checks.text.parse import parse_quantity

__all__ = ["SEGMENTS", "write_corpus"]

SEGMENTS = (
    "公有云", "私有云", "数据库", "存储", "网络", "安全", "视频", "游戏", "办公", "物联网",
    "金融云", "政务云", "医疗云", "教育云", "零售", "制造", "能源", "交通", "传媒", "广告",
)  # fmt: skip
_NAMES = (
    "星澜", "云帆", "青桐", "远航", "锦川", "明湖", "嘉禾", "恒岳", "朗峰", "海棠",
    "松石", "白鹭", "碧溪", "晨光", "鸿雁", "金穗", "清波", "翠微", "丹霞", "玉衡",
)  # fmt: skip
_AGES = {5: "五年", 8: "八年", 10: "十年", 12: "十二年", 13: "十三年", 15: "十五年", 20: "二十年"}

CONCEPTS = (
    ("revenue", "money", "true", "Revenue of the entity (or segment) for the period.", "收入"),
    ("revenue_growth_yoy", "percent", "false", "Year-over-year revenue growth.", "同比增长"),
    ("revenue_share", "percent", "true", "A segment's share of total revenue.", "占比"),
    ("gross_profit", "money", "true", "Gross profit for the period.", "毛利"),
    ("gross_margin", "percent", "true", "Gross profit as a percent of revenue.", "毛利率"),
    ("net_loss", "money", "false", "Net loss as a positive magnitude.", "亏损"),
    ("cumulative_net_loss", "money", "false", "Sum of annual net losses.", "累计亏损"),
    ("net_loss_change", "money", "false", "Change of the net loss on the year before.", "扩大"),
    ("debt_ratio", "percent", "true", "Liabilities over assets.", "资产负债率"),
    ("debt_ratio_change", "pp", "false", "Change of the debt ratio.", "百分点"),
    ("founding_year", "year", "true", "Year the entity was founded.", "成立"),
    ("company_age", "years", "true", "Years since founding.", "年来"),
    ("market_size", "money", "true", "Size of a market.", "市场规模"),
    ("market_size_cagr", "percent", "false", "Compound annual growth of a market.", "复合增长率"),
    ("share_issue_price", "money", "true", "Price per new share.", "每股"),
    ("shares_placed", "shares", "true", "New shares issued.", "配售"),
    ("equity_raise_gross_proceeds", "money", "true", "Gross proceeds of a raise.", "募资"),
    ("revenue_multiple", "ratio", "true", "One revenue over another.", "倍"),
    ("related_party_revenue", "money", "true", "Revenue from a related party.", "关联交易"),
    ("related_party_annual_cap", "money", "true", "Annual related-party cap.", "上限"),
)


def _r(value: Decimal, places: int) -> Decimal:
    """Round half-up to `places` decimal places (negative: to tens, hundreds, ...)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _yi(value: Decimal, places: int = 2) -> str:
    """Write a CNY amount in 亿元 with `places` decimals."""
    return f"{_r(value / Decimal(10) ** 8, places)}亿元"


@dataclass
class _Case:
    """The rows of one case as they are built, plus the article text."""

    case_id: str
    entity: str
    scope: str = ""
    names: list[str] = field(default_factory=list)
    exact: dict[str, Decimal] = field(
        default_factory=dict
    )  # the entity of the facts being written: the company or one segment
    sentences: list[str] = field(default_factory=list)
    facts: list[dict[str, str]] = field(default_factory=list)
    reference: list[dict[str, str]] = field(default_factory=list)
    excluded: list[dict[str, str]] = field(default_factory=list)
    claims: list[dict[str, str]] = field(default_factory=list)

    def sentence(self, *parts: tuple[str, str | None, str, str]) -> None:
        """Add a sentence of (text, fact id, concept, period) parts; a fact's quote runs
        from the sentence start to the end of its figure, so each quote is unique."""
        text = ""
        for chunk, fact_id, concept, period in parts:
            text += chunk.replace("\x00", "")
            if fact_id is not None:
                stated = chunk.split("\x00")[-1]
                quote = text
                while quote.index(stated) != len(quote) - len(stated):
                    quote = quote[quote.index(stated) + 1 :]  # the figure must come first
                self._fact(fact_id, concept, period, stated, quote)
        self.sentences.append(text)

    def _fact(self, fact_id: str, concept: str, period: str, stated: str, quote: str) -> None:
        q = parse_quantity(stated)
        scale = 0
        for word, power in (("千亿", 11), ("亿", 8), ("百万", 6), ("万", 4)):
            if word in stated:
                scale = power
                break
        self.facts.append(
            {
                "fact_id": fact_id,
                "concept": concept,
                "entity": self.scope or self.entity,
                "period": period,
                "stated": stated,
                "value": str(q.value),
                "upper": "" if q.upper is None else str(q.upper),
                "unit": q.unit.value,
                "scale": str(scale),
                "decimals": str(q.decimals),
                "qualifier": q.qualifier.value,
                "quote": quote,
                "note": "",
            }
        )

    def filed(
        self, fact_id: str, concept: str, period: str, value: Decimal, unit: str, decimals: int
    ) -> None:
        self.reference.append(
            {
                "fact_id": fact_id,
                "concept": concept,
                "entity": self.scope or self.entity,
                "period": period,
                "value": str(_r(value, decimals)),
                "unit": unit,
                "decimals": str(decimals),
                "qualifier": "none",
                "source_kind": "filing",
                "source_url": f"https://example.com/filings/{self.case_id}",
                "note": "",
            }
        )

    def claim(
        self,
        claim_id: str,
        kind: str,
        stated: str,
        operands: str,
        quote_of: str,
        internal: str,
        external: str,
        params: str = "",
    ) -> None:
        quote = next(f["quote"] for f in self.facts if f["fact_id"] == quote_of)
        self.claims.append(
            {
                "claim_id": claim_id,
                "kind": kind,
                "stated": stated,
                "operands": operands,
                "params": params,
                "quote": quote,
                "reviewed_internal": internal,
                "reviewed_external": external,
                "reason": "synthetic: verdict known by construction",
                "note": "",
            }
        )


def _f(fact_id: str, concept: str, chunk_before: str, stated: str, period: str = "本期"):
    """A sentence part stating a figure: text before it, then the figure (marked by \\x00)."""
    return (f"{chunk_before}\x00{stated}", fact_id, concept, period)


def _t(text: str) -> tuple[str, None, str, str]:
    return (text, None, "", "")


def _segments(c: _Case, rng: random.Random, total: Decimal, wrong: int | None) -> None:
    names = rng.sample(SEGMENTS, 8)
    for k, name in enumerate(names):
        new = Decimal(rng.randint(30_000, 900_000)) * 10**4  # 3亿 to 90亿 CNY, exact to 万
        growth = Decimal(rng.randint(-150, 600)) / 10  # -15% to +60%
        old = new / (1 + growth / 100)
        margin = Decimal(rng.randint(150, 650)) / 10
        profit = new * margin / 100
        exact_g = (new / _r(old, 4) - 1) * 100
        stated_g = _r(exact_g, 1) + (Decimal(5) if k == wrong else 0)
        share = new / total * 100
        s = f"s{k}"
        c.scope = f"{c.entity}{name}业务"
        old_stated = k % 4 != 3  # one segment in four: the prior year only in the filing
        parts = [
            _f(f"{s}_rev", "revenue", f"{name}业务本期收入", _yi(new)),
        ]
        if old_stated:
            parts.append(_f(f"{s}_rev_old", "revenue", "，上年同期为", _yi(old), "上年同期"))
        parts += [
            _f(f"{s}_growth", "revenue_growth_yoy", "，同比增长", f"{stated_g}%"),
            _f(f"{s}_share", "revenue_share", "，占总收入的", f"{_r(share, 1)}%"),
            _f(f"{s}_profit", "gross_profit", "；毛利", _yi(profit)),
            _f(f"{s}_margin", "gross_margin", "，毛利率", f"{_r(margin, 1)}%"),
            _t("。"),
        ]
        c.sentence(*parts)
        c.exact[f"{s}_rev"] = new
        c.filed(f"f{s}_rev", "revenue", "本期", new, "CNY", -4)
        if not old_stated:
            c.filed(f"f{s}_rev_old", "revenue", "上年同期", old, "CNY", -4)
        verdict = "fails" if k == wrong else "holds"
        c.claim(
            f"{s}_growth",
            "growth",
            f"{s}_growth",
            f"new={s}_rev;old={s}_rev_old" if old_stated else f"new={s}_rev;old=f{s}_rev_old",
            f"{s}_growth",
            verdict if old_stated else "unverifiable",
            verdict,
            "basis=signed",
        )
        c.claim(
            f"{s}_share",
            "share",
            f"{s}_share",
            f"part={s}_rev;whole=total_rev",
            f"{s}_share",
            "holds",
            "holds",
        )
        c.claim(
            f"{s}_margin",
            "share",
            f"{s}_margin",
            f"part={s}_profit;whole={s}_rev",
            f"{s}_margin",
            "holds",
            "holds",
        )
        c.claim(
            f"agrees_{s}_rev",
            "agrees",
            f"{s}_rev",
            f"reference=f{s}_rev",
            f"{s}_rev",
            "unverifiable",
            "holds",
        )
    c.scope = ""
    c.names = names
    c.claim(
        "s0_above_s1",
        "ordering",
        "",
        "a=s0_rev;b=s1_rev",
        "s0_rev",
        "holds",
        "holds",
        "relation=gt" if c.exact["s0_rev"] > c.exact["s1_rev"] else "relation=lt",
    )


def _company(c: _Case, rng: random.Random, total: Decimal) -> None:
    growth = Decimal(rng.randint(50, 400)) / 10
    old = total / (1 + growth / 100)
    c.sentence(
        _t(f"{c.entity}"),
        _f("total_rev", "revenue", "本期总收入", _yi(total)),
        _f("total_growth", "revenue_growth_yoy", "，同比增长", f"{_r(growth, 1)}%"),
        _t("。"),
    )
    c.filed("ftotal_rev", "revenue", "本期", total, "CNY", -4)
    c.filed("ftotal_rev_old", "revenue", "上年同期", old, "CNY", -4)
    c.claim(
        "total_growth",
        "growth",
        "total_growth",
        "new=total_rev;old=ftotal_rev_old",
        "total_growth",
        "unverifiable",
        "holds",
    )
    c.claim(
        "agrees_total_rev",
        "agrees",
        "total_rev",
        "reference=ftotal_rev",
        "total_rev",
        "unverifiable",
        "holds",
    )
    age = rng.choice(sorted(_AGES))
    c.sentence(
        _f("founding", "founding_year", "公司成立于", f"{2025 - age}年", str(2025 - age)),
        _f("age", "company_age", "，至今", _AGES[age]),
        _t("。"),
    )
    c.claim("age", "elapsed_years", "age", "start=founding", "age", "holds", "unverifiable")
    new = Decimal(rng.randint(400, 800)) / 10
    pp = Decimal(rng.randint(15, 60)) / 10
    c.sentence(
        _f("debt_new", "debt_ratio", "资产负债率达", f"{new}%"),
        _f("debt_old", "debt_ratio", "，较上年末的", f"{new - pp}%", "上年末"),
        _f("debt_pp", "debt_ratio_change", "上升", f"{pp}个百分点"),
        _t("。"),
    )
    c.claim(
        "debt_up",
        "pp_change",
        "debt_pp",
        "new=debt_new;old=debt_old",
        "debt_pp",
        "holds",
        "unverifiable",
        "direction=up;min_pp=1",
    )
    losses = [Decimal(rng.randint(50_000, 200_000)) * 10**4]
    for _ in range(3):
        losses.append(losses[-1] * (1 + Decimal(rng.randint(8, 30)) / 100))
    parts = [_f("loss_y1", "net_loss", "过去各年度亏损分别为", _yi(losses[0]), "Y1")]
    for i, loss in enumerate(losses[1:], 2):
        parts.append(_f(f"loss_y{i}", "net_loss", "、", _yi(loss), f"Y{i}"))
    widened = _yi(losses[3] - losses[2])
    parts.append(_f("loss_widened", "net_loss_change", "，末年较上年扩大", widened, "Y4"))
    parts.append(
        _f("loss_total", "cumulative_net_loss", "，累计亏损约", _yi(sum(losses), 1), "Y1-Y4")
    )
    parts.append(_t("。"))
    c.sentence(*parts)
    items = "items=loss_y1,loss_y2,loss_y3,loss_y4"
    c.claim(
        "losses_widen",
        "trend",
        "",
        items,
        "loss_y4",
        "holds",
        "unverifiable",
        "direction=increasing",
    )
    c.claim("losses_total", "total", "loss_total", items, "loss_total", "holds", "unverifiable")
    c.claim(
        "loss_widened",
        "change",
        "loss_widened",
        "new=loss_y4;old=loss_y3",
        "loss_widened",
        "holds",
        "unverifiable",
        "direction=up",
    )
    start = Decimal(rng.randint(1000, 9000)) * 10**7
    rate = Decimal(rng.randint(80, 350)) / 10
    end = start * (1 + rate / 100) ** 5
    c.sentence(
        _f("market_now", "market_size", "行业市场规模本期为", _yi(start, 1)),
        _t("，预计五年后"),
        _f("market_later", "market_size", "达", _yi(end, 1), "五年后"),
        _f("market_cagr", "market_size_cagr", "，复合年增长率约", f"{_r(rate, 1)}%", "五年"),
        _t("。"),
    )
    c.excluded.append(
        {"token": "五年", "quote": "预计五年后", "reason": "horizon of market_cagr (years=5)"}
    )
    c.claim(
        "market_cagr",
        "cagr",
        "market_cagr",
        "start=market_now;end=market_later",
        "market_cagr",
        "holds",
        "unverifiable",
        "years=5",
    )
    price = Decimal(rng.randint(200, 2000)) / 100
    shares = Decimal(rng.randint(2000, 20000)) * 10**4
    c.sentence(
        _f("price", "share_issue_price", "公司以每股", f"{price}港元"),
        _f("shares", "shares_placed", "配售", f"{shares / 10**4}万股"),
        _f(
            "proceeds",
            "equity_raise_gross_proceeds",
            "，募资约",
            f"{_r(price * shares / 10**8, 2)}亿港元",
        ),
        _t("。"),
    )
    c.claim(
        "proceeds", "product", "proceeds", "a=price;b=shares", "proceeds", "holds", "unverifiable"
    )
    cap = Decimal(rng.randint(20, 60)) * 10**8
    used = cap * Decimal(rng.randint(30, 90)) / 100
    c.sentence(
        _f("rp_rev", "related_party_revenue", "关联交易收入", _yi(used)),
        _f("rp_cap", "related_party_annual_cap", "，年度上限为", _yi(cap, 0)),
        _t("。"),
    )
    c.claim(
        "rp_within_cap",
        "within",
        "",
        "value=rp_rev;cap=rp_cap",
        "rp_cap",
        "holds",
        "unverifiable",
        "mode=at_most",
    )


def _multiple(c: _Case) -> None:
    a, b = c.exact["s0_rev"], c.exact["s1_rev"]
    hi, lo = (a, b) if a >= b else (b, a)
    first, second = ("s0_rev", "s1_rev") if a >= b else ("s1_rev", "s0_rev")
    names = dict(zip(("s0_rev", "s1_rev"), c.names, strict=False))
    c.sentence(
        _f(
            "rev_multiple",
            "revenue_multiple",
            f"{names[first]}业务收入约为{names[second]}业务的",
            f"{_r(hi / lo, 2)}倍",
        ),
        _t("。"),
    )
    c.claim(
        "rev_multiple",
        "multiple",
        "rev_multiple",
        f"a={first};b={second}",
        "rev_multiple",
        "holds",
        "holds",
    )


def _case(index: int, rng: random.Random, failing_every: int) -> _Case:
    name = _NAMES[index % len(_NAMES)] + _NAMES[(index // len(_NAMES)) % len(_NAMES)]
    c = _Case(f"synthetic-{index:05d}", f"{name}科技（虚构）")
    c.sentences.append("当前位置：首页 > 财经 > 第1页")
    c.excluded.append({"token": "第1", "quote": "第1页", "reason": "page furniture (page number)"})
    total = Decimal(rng.randint(200_000, 2_000_000)) * 10**5
    wrong = rng.randrange(8) if index % failing_every == failing_every - 1 else None
    _company(c, rng, total)
    _segments(c, rng, total, wrong)
    _multiple(c)
    return c


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_corpus(
    datasets: Path, cases: int, *, seed: int = 2026, failing_every: int = 10
) -> list[str]:
    """Write `cases` synthetic cases and a concepts.csv under `datasets`; return the case ids."""
    datasets.mkdir(parents=True, exist_ok=True)
    concepts = [dict(zip(CONCEPT_COLUMNS, row, strict=True)) for row in CONCEPTS]
    (datasets / "concepts.csv").write_text(_csv(concepts, CONCEPT_COLUMNS), encoding="utf-8")
    ids = []
    for index in range(cases):
        for attempt in range(50):
            # A figure that is the tail of an earlier one in its sentence (0.8% after 10.8%)
            # can leave a quote that is not unique: draw that case's figures again.
            rng = random.Random((seed * 1_000_003 + index) * 64 + attempt)
            c = _case(index, rng, failing_every)
            source = "\n\n".join(c.sentences) + "\n"
            if all(source.count(r["quote"]) == 1 for r in (*c.facts, *c.excluded, *c.claims)):
                break
        else:
            raise AssertionError(f"{c.case_id}: no draw gave unique quotes")
        root = datasets / c.case_id
        root.mkdir(exist_ok=True)
        data = source.encode("utf-8")
        (root / "source.txt").write_bytes(data)
        provenance = {
            "title": f"{c.entity}业绩（合成）",
            "language": "zh-Hans",
            "urls": ["https://example.com/synthetic"],
            "retrieved": "generated by benchmarks/corpus.py",
            "note": "Synthetic case: every company and figure is made up.",
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        (root / "provenance.json").write_text(
            json.dumps(provenance, ensure_ascii=False), encoding="utf-8"
        )
        (root / "case.json").write_text('{"as_of": "2025-09"}\n', encoding="utf-8")
        (root / "facts.csv").write_text(_csv(c.facts, (*FACT_COLUMNS, "note")), encoding="utf-8")
        (root / "reference.csv").write_text(
            _csv(c.reference, (*REFERENCE_COLUMNS, "note")), encoding="utf-8"
        )
        (root / "excluded.csv").write_text(_csv(c.excluded, EXCLUDED_COLUMNS), encoding="utf-8")
        (root / "claims.csv").write_text(_csv(c.claims, (*CLAIM_COLUMNS, "note")), encoding="utf-8")
        ids.append(c.case_id)
    return ids
