"""The KPI glossary: what each KPI means, how it is measured and what in the model produces it.

The one place of this text: ``lobbysim kpis [--lang zh|en]`` prints it and the report has it as
its last page. Labels, units and the better direction come from ``lobbysim.sim.kpis.KPI_INFO``,
the minimum effect from the statistics module; every KPI is a value of one simulated day (one
replication), and tables give its mean over the replications with a 95 % interval.
"""

from __future__ import annotations

from dataclasses import dataclass

from .labels import T, kpi_label
from .stats import MIN_EFFECTS

#: KPI -> ((definition zh, definition en), (what produces it zh, en))
GLOSSARY: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "wait_mean_min": (
        (
            "客户自进门至开始办理业务的平均时间（仅计开始办理的客户）。",
            "Mean time from entering to the start of service, over the customers whose service started.",
        ),
        (
            "取号排队、柜台与设备数量、员工排班、分流与步行距离。",
            "Ticket queues, the number of counters and machines, the roster, triage and walking distances.",
        ),
    ),
    "wait_p50_min": (
        (
            "当日等候时间的中位数（每次重复各算一次，再取平均）。",
            "The median wait of the day (per replication, then averaged).",
        ),
        ("同平均等候；反映典型客户的体验。", "As the mean wait; the typical customer's experience."),
    ),
    "wait_p90_min": (
        (
            "当日等候时间的90分位数（每次重复各算一次，再取平均）。",
            "The 90th-percentile wait of the day (per replication, then averaged).",
        ),
        ("高峰时段的排队与服务能力。", "Queues and capacity at the peaks."),
    ),
    "wait_p95_min": (
        (
            "当日等候时间的95分位数（每次重复各算一次，再取平均）。",
            "The 95th-percentile wait of the day (per replication, then averaged).",
        ),
        ("高峰时段的排队与服务能力。", "Queues and capacity at the peaks."),
    ),
    "wait_max_min": (
        ("当日最长的一次等候。", "The longest wait of the day."),
        ("最拥挤时刻的排队；单个客户决定，波动大。", "The worst moment's queue; one customer, so it varies a lot."),
    ),
    "share_wait_over_15min": (
        ("等候超过15分钟（等候目标）的客户占比。", "Share of customers whose wait exceeds the 15-minute target."),
        ("高峰排队与柜台能力。", "Peak queues against counter capacity."),
    ),
    "share_wait_over_30min": (
        ("等候超过30分钟（告警线）的客户占比。", "Share of customers whose wait exceeds the 30-minute alarm."),
        ("严重拥堵时段。", "Severe congestion."),
    ),
    "counter_wait_mean_min": (
        ("取号至柜台办理的客户的平均等候。", "Mean wait of the customers served at a counter with a ticket."),
        ("柜台数量、柜员排班、补位规则、过号。", "Counters, tellers' shifts, cover rules, ticket no-shows."),
    ),
    "machine_wait_mean_min": (
        (
            "在自助或智能设备办理（不取号）的客户的平均等候。",
            "Mean wait of the customers served at machines (no ticket).",
        ),
        (
            "设备数量、分流到智能柜台的客户、授权等待。",
            "Machines, customers triaged to the smart counter, authorisations.",
        ),
    ),
    "time_in_branch_mean_min": (
        ("客户进门至离开的平均时长。", "Mean time from entering to leaving."),
        ("等候、办理与步行之和。", "Waiting, service and walking together."),
    ),
    "arrived": (
        ("当日到店客户数。", "Customers who came in that day."),
        (
            "情景的到店设定（日客流、星期系数、时段分布）；两方案相同客户。",
            "The scenario's arrivals (day total, day factor, hourly shares); the same customers in both variants.",
        ),
    ),
    "served": (
        ("办结业务的客户数。", "Customers whose business was done."),
        ("服务能力与客户耐心。", "Capacity and customers' patience."),
    ),
    "balked": (
        ("见排队过长即离开、未取号的客户数。", "Customers who left at once on seeing the queue."),
        ("取号时排队人数超过个人阈值。", "The queue ahead above the customer's own threshold."),
    ),
    "reneged": (
        ("等候中失去耐心离开的客户数。", "Customers who gave up waiting."),
        ("等候时间超过客户耐心（Weibull分布）。", "Waits longer than the customer's patience (Weibull)."),
    ),
    "no_shows": (
        ("叫号时不在场（过号）的客户数。", "Tickets called while the customer was not there (no-shows)."),
        ("情景的过号比例。", "The scenario's no-show share."),
    ),
    "inside_at_close": (
        ("模拟结束时仍在厅内的客户数。", "Customers still inside when the simulation ended."),
        ("闭店前的积压。", "A backlog at closing time."),
    ),
    "share_served": (
        ("到店客户中办结的比例。", "Share of the customers who came who were served."),
        ("同办结客户数。", "As customers served."),
    ),
    "customer_walk_m": (
        ("客户在厅内人均步行米数。", "Metres walked inside the branch per customer."),
        (
            "入口、叫号机、座位与柜台的位置（最短路径）。",
            "Where the entrance, the ticket dispenser, seats and counters are (shortest paths).",
        ),
    ),
    "staff_walk_m": (
        ("全体员工当日步行米数合计。", "Metres walked by all staff that day."),
        (
            "员工岗位、工位与客户、授权、外呼设备间的距离。",
            "Posts and desks against customers, authorisations and the call station.",
        ),
    ),
    "standing_customers": (
        ("因无空座而站立等候的客户数。", "Customers who waited standing because no seat was free."),
        ("座位数量与等候人数。", "Seats against the number waiting."),
    ),
    "max_queue": (
        ("当日取号排队的最长人数。", "The longest ticket queue of the day."),
        ("高峰排队。", "Peak queueing."),
    ),
    "max_inside": (
        ("当日同时在厅的最多客户数。", "The most customers inside at once."),
        ("高峰客流与停留时长。", "Peak arrivals and time in the branch."),
    ),
    "seat_occupancy_mean": (
        ("营业时间内平均被占用的座位数。", "Seats occupied on average over the opening hours."),
        ("等候人数与座位布置。", "Customers waiting and the seating."),
    ),
    "greeted": (
        ("在1号岗被迎宾分流的客户数。", "Customers greeted and triaged at post 1."),
        ("1号岗有人值守且空闲。", "Someone on post 1 and free."),
    ),
    "diverted": (
        ("由柜台分流至智能柜台的客户数。", "Customers triaged from a counter to the smart counter."),
        ("分流规则与1号岗迎宾。", "The triage rule and greeting at post 1."),
    ),
    "arrival_alerts": (
        ("识别到熟客到店（智迎客）的提醒数。", "Arrival alerts of known customers."),
        ("情景的熟客比例。", "The scenario's share of known customers."),
    ),
    "marketing_contacts": (
        ("厅堂员工接触等候客户进行营销的次数。", "Marketing contacts of waiting customers by floor staff."),
        (
            "员工空闲、能看见等候客户且在叫号前走得到（岗位、视线、距离）。",
            "Staff who are free, see waiting customers and can reach them before their number is called "
            "(posts, sightlines, distances).",
        ),
    ),
    "marketing_contacts_completed": (
        ("未被叫号打断的完整营销接触数。", "Marketing contacts not cut short by the customer's call."),
        ("接触时机与剩余等候时间。", "When the contact starts against the wait left."),
    ),
    "marketing_conversions": (
        ("营销成功数。", "Marketing contacts that converted."),
        ("完整接触乘以转化率。", "Completed contacts times the conversion rate."),
    ),
    "share_waiting_contacted": (
        ("取号等候的客户中被营销接触的比例。", "Share of the customers waiting with a ticket who were contacted."),
        ("同营销接触数。", "As marketing contacts."),
    ),
    "outbound_calls": (
        ("柜员空闲时拨打的外呼电话数。", "Outbound calls made by counter staff in idle spells."),
        (
            "弹性排班与外呼设备的步行距离：空闲时段须长于往返与通话。",
            "The flexible rota and the walk to the call station: an idle spell must fit the walk and the call.",
        ),
    ),
    "outbound_leads": (
        ("外呼得到的商机数。", "Leads from outbound calls."),
        ("外呼次数乘以商机率。", "Calls times the lead rate."),
    ),
    "authorisations": (
        ("智能柜台需员工授权的次数。", "Smart-counter transactions that needed a staff authorisation."),
        ("业务结构。", "The business mix."),
    ),
    "authorisation_wait_mean_min": (
        (
            "客户在智能柜台等待授权的平均时间。",
            "Mean time a customer waited at the smart counter for an authorisation.",
        ),
        (
            "授权人（内勤行长等）的位置与步行距离、是否空闲。",
            "Where the authorising staff (the operations VP) are, how far they walk and whether they are free.",
        ),
    ),
    "reneged_wait_mean_min": (
        ("放弃等候离开的客户离开前平均等候的时间。", "Mean time those who gave up waited before they left."),
        (
            "客户耐心（Weibull分布；站立等候者更短）与排队长度。",
            "Customers' patience (Weibull; shorter standing) and the queue.",
        ),
    ),
    "call_list_used_up": (
        (
            "当日分到的外呼名单是否用完（1为用完；多次重复的均值即名单约束外呼的天数占比）。",
            "1 on a day the day's part of the shared call list ran out (its mean: how often the list, not "
            "idle time, limited the calls).",
        ),
        (
            "外呼名单长度（两周181个商户）与空闲时段、步行距离。",
            "The call list's length (181 merchants in two weeks) against idle spells and the walk.",
        ),
    ),
    "call_recall_delay_min": (
        (
            "柜员外呼时来了客户，客户等待柜员结束通话并走回窗口的平均时间。",
            "Mean time a customer who ended a call session waited for the teller to finish the call and walk back.",
        ),
        (
            "外呼设备到柜台的步行距离与通话时长。",
            "The walk from the call station to the counter and the call's length.",
        ),
    ),
    "counter_authorisations": (
        (
            "柜面业务需主管（内勤行长）授权的次数。",
            "Counter transactions that needed a supervisor's (the VP's) authorisation.",
        ),
        ("业务结构与需授权的业务步骤。", "The business mix and the transaction steps that need a supervisor."),
    ),
    "counter_authorisation_wait_mean_min": (
        (
            "柜面业务等待主管授权的平均时间。",
            "Mean time a counter transaction waited for the supervisor's authorisation.",
        ),
        (
            "内勤行长所在位置、到柜台线的步行距离、是否正在处理其他任务；远程授权可免步行。",
            "Where the VP is, the walk to the counter line and what they are doing; remote authorisation "
            "avoids the walk.",
        ),
    ),
    "ops_vp_floor_activity_share": (
        (
            "内勤行长在岗时间中用于厅堂管理活动（巡检、6S、授权、迎送、营销等）的占比。",
            "Share of the VP's time on duty spent on floor activities (patrol, 6S, authorising at machines, "
            "greeting, marketing).",
        ),
        (
            "工位位置与任务安排：在厅堂工位办文书不计入。",
            "Where the desk is and what tasks are done there: paperwork at a lobby desk does not count.",
        ),
    ),
    "ops_vp_floor_share": (
        (
            "内勤行长在营业时间内位于厅堂的时间占比。",
            "Share of the opening hours the operations VP spends on the lobby floor.",
        ),
        (
            "工位位置（走出来）、必须在柜内的任务与授权、复核的打断。",
            "Where the desk is (walking out), the tasks that must stay inside, interruptions for "
            "authorisations and checks.",
        ),
    ),
    "smart_counter_tx_per_machine": (
        ("每台智能柜台当日办结笔数。", "Transactions per smart counter that day."),
        ("分流、业务结构与设备数量。", "Triage, the business mix and the number of machines."),
    ),
    "cash_tx_per_teller": (
        (
            "每名高柜柜员（当日在现金柜台服务满1小时者）的办结笔数。",
            "Transactions per cash teller (someone who served at a cash window for an hour or more).",
        ),
        ("现金业务量与柜员人数。", "Cash business against tellers."),
    ),
    "low_counter_tx": (
        ("低柜当日办结笔数。", "Low-counter transactions that day."),
        ("业务结构与低柜位置。", "The business mix and where the low counter is."),
    ),
}

_BETTER = {
    "lower": ("越低越好", "lower is better"),
    "higher": ("越高越好", "higher is better"),
    None: ("无好坏方向", "no better direction"),
}


@dataclass(frozen=True)
class Entry:
    name: str
    label: str
    unit: str
    better: str
    min_effect: str
    definition: str
    produced_by: str


def min_effect_words(name: str, lang: str, min_effects=None) -> str:
    """The minimum effect in the KPI's unit ('0.5 min', '1 point', '100 m')."""
    from lobbysim.sim.kpis import KPI_INFO

    v = (min_effects or MIN_EFFECTS).get(name)
    if v is None:
        return "-"
    unit = KPI_INFO[name][2] if name in KPI_INFO else ""
    if unit == "share":
        pts = f"{100 * v:g}"
        return T(f"{pts} 个百分点", f"{pts} point" + ("" if pts == "1" else "s"), lang)
    from .labels import UNITS

    uz, ue = UNITS.get(unit, (unit, unit))
    u = uz if lang == "zh" else (ue or unit)
    if lang != "zh" and v == 1 and u.endswith("s"):
        u = u[:-1]  # 1 customer, 1 call
    return f"{v:g} {u}".rstrip()


def entries(lang: str = "en", min_effects=None) -> list[Entry]:
    """The glossary in ``KPI_INFO``'s order, in Chinese or English."""
    from lobbysim.sim.kpis import KPI_INFO

    out = []
    for name, (_en, _zh, unit, better) in KPI_INFO.items():
        text = GLOSSARY.get(name, (("", ""), ("", "")))
        out.append(
            Entry(
                name,
                kpi_label(name, lang),
                unit,
                T(*_BETTER[better], lang),
                min_effect_words(name, lang, min_effects),
                T(*text[0], lang),
                T(*text[1], lang),
            )
        )
    return out
