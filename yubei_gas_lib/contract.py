"""The data contract: the raw tables, their columns, Chinese aliases and rules.

This module is the suite's glossary. Every English identifier a table, column
or category value has, and the Chinese words the gas companies' exports use
for it, live here and nowhere else. Loading (:mod:`yubei_gas_lib.load`) reads
these definitions; analyses use the canonical English names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["str", "int", "float", "date", "timestamp"]


@dataclass(frozen=True)
class Column:
    """One column of a raw table.

    Parameters
    ----------
    name, alias
        Canonical English header and its Chinese alias; the loader accepts both.
    kind
        The type the loader parses the text into.
    required
        Whether the column must be present in the file (``?`` in the contract).
    nullable
        Whether a present column may hold empty cells.
    values
        Allowed category values, canonical id -> Chinese alias(es).
    ge, gt, le
        Numeric bounds, inclusive for ``ge``/``le``.
    pattern
        A regular expression the whole text must match.
    unique
        Whether values must be unique in the table (duplicates after the
        first occurrence are quarantined).
    references
        ``(table, column)`` that a value must exist in.
    pii
        Personal data: never shown in a briefing.
    """

    name: str
    alias: str
    kind: Kind = "str"
    required: bool = True
    nullable: bool | None = None
    values: dict[str, tuple[str, ...]] | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    pattern: str | None = None
    unique: bool = False
    references: tuple[str, str] | None = None
    pii: bool = False

    @property
    def allows_empty(self) -> bool:
        return (not self.required) if self.nullable is None else self.nullable


@dataclass(frozen=True)
class Table:
    """One raw table: its columns and the rules that span columns."""

    name: str
    title_zh: str
    columns: tuple[Column, ...]
    unique_together: tuple[str, ...] = ()
    # pairs (later, earlier, strict): later must be >= (or > if strict) earlier
    ordered: tuple[tuple[str, str, bool], ...] = ()
    date_not_after_as_of: tuple[str, ...] = ()
    extra_rules: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def pii_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.pii]


def _v(**pairs: str | tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {k: (v,) if isinstance(v, str) else v for k, v in pairs.items()}


PLANS = _v(standard="居民一般", heating="采暖", low_income="低保", shared_meter="合表")
METER_TYPES = _v(mechanical="机械表", ic_card="IC卡表", smart="智能表")
HOUSEHOLD_STATUS = _v(active="正常", unoccupied="空置", closed="销户")
READ_TYPES = _v(actual="实抄", remote="远传", self="自报", estimated="估抄")
TRUSTED_READ_TYPES = ("actual", "remote", "self")
BILL_STATUS = _v(issued="已出账", suspended="暂停", paid="已缴", void="作废")
CHANNELS = {
    "12345": ("12345", "12345热线"),
    "enterprise_hotline": ("企业热线",),
    "online": ("网上",),
    "counter": ("营业厅",),
    "regulator": ("主管部门转办",),
    "media": ("媒体",),
}
CATEGORIES = _v(
    billing_dispute="气费争议",
    estimated_reading=("估抄/抄表", "估抄", "抄表"),
    meter_fault=("表具故障/计量", "表具故障", "计量"),
    tier_price="阶梯气价",
    refund="退费",
    service_attitude="服务态度",
    install_delay=("安装/通气延误", "安装延误", "通气延误"),
    repair_delay="维修延误",
    safety_hazard=("安全隐患/漏气", "安全隐患", "漏气"),
    outage="停气",
    other="其他",
)
METERING_BILLING_CATEGORIES = (
    "billing_dispute",
    "estimated_reading",
    "meter_fault",
    "tier_price",
    "refund",
)
URGENCY = _v(normal="一般", urgent="紧急", critical="特急")
STAGES = _v(
    intake="接诉",
    review="复核",
    dispatch="派单",
    handling="办理",
    reply="反馈",
    rating="评价",
    callback="回访",
    closed="办结",
    reopened="重办",
)
STAGE_ORDER = ("intake", "review", "dispatch", "handling", "reply", "rating",
               "callback", "closed")
SERVICE_ITEMS = _v(
    install="安装", repair="维修", relocate="迁改", connect="通气",
    transfer="过户", emergency="抢修",
)
PLATFORMS = _v(
    weibo="微博", douyin="抖音", wechat="微信", forum="论坛", news="新闻", other="其他"
)
DISCLOSURE_ITEMS = _v(
    tariff_standard="收费标准",
    tier_price="阶梯气价",
    reading_cycle="抄表周期",
    service_commitment="服务承诺",
    service_guide="办事指南",
    complaint_channels="投诉渠道",
    outage_notice="停气通知",
    emergency_info="应急信息",
)
DISCLOSURE_CHANNELS = _v(
    office="营业网点", online_hall="网上营业厅", wechat="公众号", gov_platform="政务平台"
)
INSPECTION_KINDS = _v(
    industry_check="行业检查", joint_enforcement="联合执法", referral="线索移送"
)
INSPECTION_AREAS = _v(
    metering="计量",
    pricing="价格收费",
    gas_quality="气质",
    consumer_rights="消费者权益",
    service="经营服务",
)
EVALUATION_SOURCES = _v(self="自评", third_party="第三方", industry="行业检查")
TOWN_KINDS = {"街道": ("街道", "subdistrict"), "镇": ("镇", "town")}

TOWN_CODE_PATTERN = r"\d{12}"

C = Column

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("towns", "镇街", (
            C("town_code", "镇街代码", pattern=TOWN_CODE_PATTERN, unique=True),
            C("town_name", "镇街名称", unique=True),
            C("kind", "类型", values=TOWN_KINDS),
            C("lon", "经度", "float", ge=-180, le=180),
            C("lat", "纬度", "float", ge=-90, le=90),
        )),
        Table("enterprises", "燃气企业", (
            C("enterprise_id", "企业编号", unique=True),
            C("name", "企业名称"),
            C("licence_no", "经营许可证号", required=False),
            C("hotline", "服务热线", required=False),
        )),
        Table("households", "用户", (
            C("household_id", "户号", unique=True),
            C("enterprise_id", "企业编号", references=("enterprises", "enterprise_id")),
            C("town_code", "镇街代码", references=("towns", "town_code")),
            C("name", "户名", required=False, pii=True),
            C("phone", "联系电话", required=False, pii=True),
            C("address", "用气地址", required=False, pii=True),
            C("persons", "户籍人口", "int", required=False, ge=1),
            C("plan", "用气类型", values=PLANS),
            C("meter_type", "表具类型", required=False, values=METER_TYPES),
            C("status", "状态", required=False, values=HOUSEHOLD_STATUS),
            C("opened_on", "开户日期", "date", required=False),
            C("lon", "经度", "float", required=False, ge=-180, le=180),
            C("lat", "纬度", "float", required=False, ge=-90, le=90),
        ), extra_rules=("inside_district",)),
        Table("readings", "抄表记录", (
            C("household_id", "户号", references=("households", "household_id")),
            C("meter_id", "表号"),
            C("read_on", "抄表日期", "date"),
            C("register_m3", "表底数", "float", ge=0),
            C("read_type", "抄表方式", values=READ_TYPES),
        ), unique_together=("household_id", "meter_id", "read_on"),
            date_not_after_as_of=("read_on",),
            extra_rules=("meter_one_household",)),
        Table("bills", "账单", (
            C("bill_id", "账单编号", unique=True),
            C("household_id", "户号", references=("households", "household_id")),
            C("period_start", "起始抄表日", "date"),
            C("period_end", "截止抄表日", "date"),
            C("volume_m3", "计费气量", "float"),
            C("amount_yuan", "应缴金额", "float"),
            C("issued_on", "出账日期", "date"),
            C("pushed_on", "推送日期", "date", required=False),
            C("status", "状态", values=BILL_STATUS),
            C("paid_on", "缴费日期", "date", required=False),
        ), ordered=(("period_end", "period_start", True),
                    ("issued_on", "period_end", False)),
            extra_rules=("amount_sign",)),
        Table("refunds", "退费记录", (
            C("refund_id", "退费编号", unique=True),
            C("household_id", "户号", references=("households", "household_id")),
            C("amount_yuan", "退费金额", "float", gt=0),
            C("refunded_on", "退费日期", "date"),
            C("reason", "原因", required=False),
        )),
        Table("complaints", "投诉工单", (
            C("ticket_id", "工单编号", unique=True),
            C("received_at", "受理时间", "timestamp"),
            C("channel", "渠道", values=CHANNELS),
            C("household_id", "户号", required=False,
              references=("households", "household_id")),
            C("town_code", "镇街代码", references=("towns", "town_code")),
            C("enterprise_id", "企业编号", references=("enterprises", "enterprise_id")),
            C("category", "诉求类别", values=CATEGORIES),
            C("urgency", "紧急程度", required=False, values=URGENCY),
            C("text", "诉求内容", required=False, pii=True),
            C("lon", "经度", "float", required=False, ge=-180, le=180),
            C("lat", "纬度", "float", required=False, ge=-90, le=90),
        )),
        Table("complaint_events", "工单环节", (
            C("ticket_id", "工单编号", references=("complaints", "ticket_id")),
            C("stage", "环节", values=STAGES),
            C("at", "时间", "timestamp"),
            C("score", "评分", "int", required=False, ge=1, le=5),
            C("note", "备注", required=False, pii=True),
        ), extra_rules=("event_after_receipt",)),
        Table("service_requests", "服务事项", (
            C("request_id", "申请编号", unique=True),
            C("household_id", "户号", required=False),
            C("town_code", "镇街代码", references=("towns", "town_code")),
            C("enterprise_id", "企业编号", references=("enterprises", "enterprise_id")),
            C("item", "事项", values=SERVICE_ITEMS),
            C("submitted_at", "申请时间", "timestamp"),
            C("completed_at", "办结时间", "timestamp", required=False),
            C("score", "评分", "int", required=False, ge=1, le=5),
        ), ordered=(("completed_at", "submitted_at", False),)),
        Table("opinion_posts", "舆情信息", (
            C("post_id", "编号", unique=True),
            C("published_at", "发布时间", "timestamp"),
            C("platform", "平台", values=PLATFORMS),
            C("text", "内容", pii=True),
            C("reposts", "转发", "int", required=False, ge=0),
            C("comments", "评论", "int", required=False, ge=0),
            C("likes", "点赞", "int", required=False, ge=0),
            C("town_code", "镇街代码", required=False),
            C("enterprise_id", "企业编号", required=False),
        )),
        Table("disclosures", "信息公开", (
            C("enterprise_id", "企业编号", references=("enterprises", "enterprise_id")),
            C("item", "公开事项", values=DISCLOSURE_ITEMS),
            C("channel", "渠道", values=DISCLOSURE_CHANNELS),
            C("published_on", "公开日期", "date"),
        )),
        Table("inspections", "检查执法", (
            C("case_id", "案件编号", unique=True),
            C("enterprise_id", "企业编号", references=("enterprises", "enterprise_id")),
            C("opened_on", "立案日期", "date"),
            C("kind", "类型", values=INSPECTION_KINDS),
            C("area", "领域", values=INSPECTION_AREAS),
            C("finding", "问题", required=False, pii=True),
            C("penalty_yuan", "罚没金额", "float", required=False, ge=0),
            C("rectified_on", "整改完成日期", "date", required=False),
        )),
        Table("evaluations", "外部评价", (
            C("enterprise_id", "企业编号", references=("enterprises", "enterprise_id")),
            C("source", "评价来源", values=EVALUATION_SOURCES),
            C("indicator", "指标"),
            C("score", "得分", "float", ge=0, le=100),
            C("evaluated_on", "评价日期", "date"),
        )),
    )
}

# Tables in the order references allow them to be checked.
LOAD_ORDER = tuple(TABLES)

RULES_ZH = {
    "missing": "必填值缺失 (required value missing)",
    "type": "类型无法解析 (value cannot be parsed as the column type)",
    "allowed_values": "取值不在允许范围 (value not among the allowed categories)",
    "range": "数值超出范围 (value out of range)",
    "pattern": "格式不符 (value does not match the required format)",
    "unique": "重复 (duplicate of an earlier row)",
    "reference": "引用不存在 (refers to a row that does not exist)",
    "depends_on_quarantined": "引用的行已被隔离 (refers to a quarantined row)",
    "order": "日期先后不符 (dates in the wrong order)",
    "after_as_of": "日期晚于数据截止日 (date after the data's as-of date)",
    "meter_one_household": "表号已属于另一户 (meter belongs to another household)",
    "outside_district": "坐标不在辖区内 (coordinates outside the district)",
    "amount_sign": "金额与气量符号不一致 (amount and volume differ in sign)",
    "event_after_receipt": "环节时间早于受理时间 (stage before the ticket was received)",
}


def value_aliases(column: Column) -> dict[str, str]:
    """Map every accepted spelling of a category value to its canonical id."""
    mapping: dict[str, str] = {}
    for canonical, aliases in (column.values or {}).items():
        mapping[canonical] = canonical
        mapping[canonical.lower()] = canonical
        for alias in aliases:
            mapping[alias] = canonical
    return mapping


def header_aliases(table: Table) -> dict[str, str]:
    """Map English (any case) and Chinese headers to canonical column names."""
    mapping: dict[str, str] = {}
    for col in table.columns:
        mapping[col.name] = col.name
        mapping[col.name.lower()] = col.name
        mapping[col.alias] = col.name
    return mapping


def label_zh(values: dict[str, tuple[str, ...]], canonical: str) -> str:
    """The first Chinese alias of a category value, for what users read."""
    return values[canonical][0]
