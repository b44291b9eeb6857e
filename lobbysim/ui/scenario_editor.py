"""Editing a scenario file (``*.json``, format ``lobbysim.scenario``) in the editor.

A scenario says who works in the branch, how many customers come and when, what they want
and how they behave. :class:`ScenarioEditor` edits the scenario *document* (the parsed JSON
dict) in four tabs:

- **Staff roster** (人员排班): one row per staff member; role, counter, desk and lobby post are
  drop-downs filled from the scenario format and the current layout; shifts and breaks are
  clock spans such as ``09:00–17:00``.
- **Demand** (客流): customers per day, day factors, and the hourly shares of a day's arrivals
  as a bar chart whose bars are dragged to their height (spin boxes give the exact value);
  the shares are scaled to sum to 1 when the document is taken.
- **Business mix** (业务结构): one row per kind of business with its share and service time.
- **Behaviour and policies** (行为与策略): every other section (opening hours, customers,
  policies, notes) as a tree of keys and values, so nothing in the file is out of reach.

The editor never loses what it does not show: :meth:`ScenarioEditor.document` starts from a
copy of the loaded document and writes back only the fields its widgets hold, so unknown keys
and sections survive a save. A cell that does not parse (a clock like ``9h``) goes into the
document as typed, and the scenario parser (``Scenario.from_dict``) then explains the problem
in one line; a document that does not parse is never written.

``install_scenario_editor(window)`` adds a Scenario menu to an editor window that opens the
editor on the scenario chosen in the Simulate dock.
"""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import matplotlib
import shiboken6
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDoubleValidator
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDoubleSpinBox, QFileDialog, QGridLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QMenu, QMessageBox, QPushButton, QSizePolicy, QSpinBox, QStyledItemDelegate,
    QTableWidget, QTableWidgetItem, QTabWidget, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from lobbysim.errors import FormatError, LobbysimError
from lobbysim.fonts import font_rc
from lobbysim.model.jsonio import atomic_write_text, dumps_pretty, read_json
from lobbysim.model.kinds import FIXTURE_KINDS
from lobbysim.report.figures import DAY_NAMES, ROLE_LABELS
from lobbysim.sim.dists import DIST_NAMES
from lobbysim.sim.scenario import ABILITIES, DAYS, DESK_KINDS, FORMAT, ROLES, SERVICE_KINDS, STAFFED_KINDS, \
    VERSION, Scenario

#: the posts a scenario may name when the layout has none drawn (the seed's lobby posts 1, 2, 3)
DEFAULT_POSTS = ("post1", "post2", "post3")
#: parameters a service-time distribution needs, with a starting value when the distribution changes
DIST_PARAMS = {"exponential": {"mean": 5}, "lognormal": {"mean": 5, "cv": 0.8}, "gamma": {"mean": 5, "cv": 0.8},
               "deterministic": {"value": 5}, "empirical": {"values": [5]}, "weibull": {"mean": 5, "shape": 2},
               "normal": {"mean": 5, "sd": 1, "min": 0.5, "max": 30}, "uniform": {"min": 2, "max": 8}}
#: the sections the tabs hold; the tree shows every other top-level key
TABBED = ("format", "version", "name", "arrivals", "business", "staff")

STAFF_COLS = ("id", "name", "role", "counter", "desk", "post", "shifts", "breaks", "can")
BUSINESS_COLS = ("code", "name_zh", "name_en", "share", "fixtures", "dist", "params", "vip_share", "conversion",
                 "authorisation", "triage")

#: interface texts: key -> (English, Chinese)
TEXTS = {
    "title": ("Scenario", "场景"), "open": ("Open…", "打开…"), "save": ("Save", "保存"),
    "save_as": ("Save as…", "另存为…"), "validate": ("Validate", "检查"), "name": ("Name", "名称"),
    "untitled": ("(not saved yet)", "（尚未保存）"),
    "tab_staff": ("Staff roster", "人员排班"), "tab_demand": ("Demand", "客流"),
    "tab_business": ("Business mix", "业务结构"), "tab_behaviour": ("Behaviour and policies", "行为与策略"),
    "add_staff": ("Add staff member", "添加员工"), "remove_staff": ("Remove selected", "删除所选"),
    "id": ("ID", "编号"), "name_col": ("Name", "姓名"), "role": ("Role", "岗位角色"),
    "counter": ("Serves at counter", "服务柜台"), "desk": ("Desk", "办公桌"), "post": ("Lobby post", "厅堂岗位"),
    "shifts": ("Shifts", "班次"), "breaks": ("Breaks (lunch)", "休息（午餐）"), "can": ("Can do", "职能"),
    "none": ("(none)", "（无）"),
    "per_day": ("Customers on a day with factor 1", "日客流量（系数 1 时）"),
    "date_factor": ("Date factor (holidays, paydays)", "日期系数（节假日、发薪日）"),
    "day_factors": ("Day factors", "星期系数"), "factor": ("Factor", "系数"),
    "customers_row": ("Customers", "客流量"),
    "hourly": ("Hourly shares of a day's arrivals (%): drag a bar to set it", "分时到达占比（%）：拖动柱子调整"),
    "start_hour": ("First hour", "起始小时"), "add_hour": ("+ hour", "+ 小时"), "remove_hour": ("− hour", "− 小时"),
    "normalise": ("Scale to 100 %", "归一到 100 %"),
    "hourly_sum": ("Sum {s:.2f} % (scaled to 100 % on save)", "合计 {s:.2f} %（保存时归一到 100 %）"),
    "closed": ("outside opening hours", "营业时间外"),
    "add_business": ("Add business", "添加业务"), "remove_business": ("Remove selected", "删除所选"),
    "business_sum": ("Sum of shares {s:.4f} (must be 1)", "业务占比合计 {s:.4f}（须为 1）"),
    "code": ("Code", "代码"), "name_zh": ("Name (Chinese)", "中文名称"), "name_en": ("Name (English)", "英文名称"),
    "share": ("Share (0–1)", "占比 (0–1)"), "fixtures": ("Served at (fixture kinds)", "办理设施类型"),
    "dist": ("Service time", "服务时间分布"), "params": ("Parameters (min)", "参数（分钟）"),
    "vip_share": ("VIP share", "贵宾占比"), "conversion": ("Conversion", "营销转化率"),
    "authorisation": ("Authorisation", "需授权"), "triage": ("Triage", "可分流"),
    "key": ("Key", "参数"), "value": ("Value", "取值"), "meaning": ("Meaning", "含义"),
    "valid": ("The scenario is valid.", "场景有效。"),
    "valid_layout": ("Valid; but on the current layout: {m}", "场景有效；但在当前平面图上：{m}"),
    "saved": ("Saved {p}", "已保存 {p}"), "not_saved": ("Not saved: {m}", "未保存：{m}"),
    "discard": ("Discard the unsaved changes to the scenario?", "放弃对场景的未保存修改？"),
    "edit_scenario": ("Edit scenario…", "编辑场景…"), "files": ("Scenarios (*.json)", "场景文件 (*.json)"),
}
ABILITY_LABELS = {"authorise": ("authorise", "授权"), "market": ("market", "营销"), "call": ("outbound calls", "外呼"),
                  "cover": ("cover", "补位"), "greet": ("greet, triage", "迎宾分流")}
#: what the keys of the behaviour tree mean: key -> (English, Chinese)
GLOSS = {
    "hours": ("opening hours", "营业时间"), "open": ("opens", "开门"), "close": ("closes", "关门"),
    "after_close_min": ("max. minutes to finish the queue", "关门后最多服务分钟"),
    "customers": ("customer behaviour", "客户行为"), "walk_speed": ("walking speed (m/s)", "步行速度 (m/s)"),
    "elderly_share": ("share over 65", "老年客户占比"), "elderly_walk_speed": ("walking speed over 65", "老年步速"),
    "patience": ("patience before leaving (min)", "耐心时间（分钟）"), "balking": ("balking", "望队离开"),
    "threshold": ("tickets ahead that make one leave", "离开阈值（前面人数）"),
    "no_show_share": ("share of tickets called in vain", "过号比例"),
    "no_show_call_s": ("seconds lost per absent number", "过号耗时（秒）"),
    "known_share": ("share raising an arrival alert", "智迎客识别比例"), "seat_areas": ("areas to sit in", "就座区域"),
    "policies": ("policies", "管理策略"), "walking": ("simulate walking", "模拟走动"),
    "staff_walk_speed": ("staff walking speed (m/s)", "员工步速 (m/s)"), "triage": ("triage at post 1", "分流"),
    "greet_min": ("greeting (min)", "迎宾时间（分钟）"),
    "divert_share": ("share diverted to smart counters", "分流至智能柜台比例"),
    "authorisation": ("staff authorisation", "授权"), "minutes": ("minutes", "分钟"),
    "at_fraction": ("when, as a fraction of the service", "授权时点（服务进度）"),
    "marketing": ("lobby marketing", "厅堂营销"), "contact_min": ("contact length (min)", "营销时长（分钟）"),
    "contact_rate": ("share open to a contact", "接触率"), "desk_reach_m": ("reach from a desk (m)", "桌旁营销半径 (m)"),
    "flex_rota": ("flexible rota, outbound calls", "弹性排班、外呼"), "enabled": ("on", "启用"),
    "idle_min": ("idle minutes before calling", "空闲多久开始外呼（分钟）"),
    "return_queue": ("customers waiting that call one back", "多少人等候即返回柜台"),
    "max_walk_m": ("longest walk to the call station (m)", "到外呼设备最远距离 (m)"),
    "daily_quota": ("calls per person a day", "每人每日外呼量"), "call_min": ("call length (min)", "外呼时长（分钟）"),
    "outcomes": ("call outcomes", "外呼结果"), "cover": ("cover protocol", "补位联动"),
    "ops_vp": ("operations VP", "内勤行长"), "tasks": ("daily tasks", "每日事务"),
    "micro_salons": ("micro-salons", "微沙龙"), "notes": ("where values come from", "参数来源说明"),
    "dist": ("distribution", "分布"), "mean": ("mean", "均值"), "cv": ("coefficient of variation", "变异系数"),
    "sd": ("standard deviation", "标准差"), "shape": ("shape", "形状参数"),
    "floor_share_from_back": ("floor share from a back desk", "后台时厅堂巡视比例"),
    "counter_place": ("place inside the counter area", "柜内工作位置"),
}

KIND_ROLE = Qt.UserRole + 1   # what a tree value is: "bool", "number", "text", "json"
ORIG_ROLE = Qt.UserRole + 2   # the value as loaded (numbers keep int/float)


def _t(key: str, lang: str, **kw) -> str:
    en, zh = TEXTS[key]
    s = zh if lang == "zh" else en
    return s.format(**kw) if kw else s


def fmt_value(v) -> str:
    """A JSON scalar as the text of a cell (numbers as in the file: 5, 0.38)."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False)


def parse_number(text: str):
    """A cell's text as an int or float; text that is not a finite number comes back unchanged, so
    the scenario parser names the field and the bad value."""
    t = text.strip()
    if re.fullmatch(r"[+-]?\d+", t):
        return int(t)
    try:
        v = float(t)
    except ValueError:
        return text
    return v if math.isfinite(v) else text


def fmt_spans(spans) -> str:
    """[["09:00", "17:00"], ...] -> '09:00–17:00; ...' (anything else as JSON, to be fixed by hand)."""
    if not isinstance(spans, list):
        return json.dumps(spans, ensure_ascii=False)
    out = []
    for sp in spans:
        if isinstance(sp, list) and len(sp) == 2 and all(isinstance(x, str) for x in sp):
            out.append(f"{sp[0]}–{sp[1]}")
        else:
            out.append(json.dumps(sp, ensure_ascii=False))
    return "; ".join(out)


def parse_spans(text: str) -> list:
    """'09:00–12:00; 13:00-17:00' -> [["09:00", "12:00"], ["13:00", "17:00"]]; a part without a
    dash stays a one-element list, which the parser rejects with a message naming the field."""
    out = []
    for part in re.split(r"[;,，；]", text):
        part = part.strip()
        if not part:
            continue
        ab = [x.strip() for x in re.split(r"\s*[-–—~～至到]\s*", part, maxsplit=1)]
        out.append(ab if len(ab) == 2 else [part])
    return out


def fmt_params(dist: dict) -> str:
    return ", ".join(f"{k}={fmt_value(v) if not isinstance(v, list) else json.dumps(v)}"
                     for k, v in dist.items() if k != "dist")


def parse_params(text: str) -> dict:
    """'mean=5, cv=0.8' (or 'values=[1, 2]') -> {"mean": 5, "cv": 0.8}."""
    out = {}
    for k, v in re.findall(r"([A-Za-z_]\w*)\s*[=:]\s*(\[[^\]]*\]|[^,;\s]+)", text):
        if v.startswith("["):
            try:
                out[k] = json.loads(v)
            except ValueError:
                out[k] = v
        else:
            out[k] = parse_number(v)
    return out


def fmt_list(v) -> str:
    return ", ".join(str(x) for x in v) if isinstance(v, list) else json.dumps(v, ensure_ascii=False)


def parse_list(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"[,;，；\s]+", text) if x.strip()]


def structure_problem(doc) -> str | None:
    """Why a document cannot be shown in the editor at all (the tables need lists of objects),
    or None. Anything finer is left to the scenario parser, so the user can fix it here."""
    if not isinstance(doc, dict):
        return "a scenario must be a JSON object"
    fmt = doc.get("format", FORMAT)
    if fmt != FORMAT:
        return f"is a '{fmt}' document, not a lobbysim scenario ('{FORMAT}')"
    for key in ("staff", "business"):
        v = doc.get(key, [])
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            return f"field '{key}' must be a list of objects"
    arr = doc.get("arrivals", {})
    if not isinstance(arr, dict):
        return "field 'arrivals' must be an object"
    for key in ("day_factors", "hourly"):
        if not isinstance(arr.get(key, {}), dict):
            return f"field 'arrivals.{key}' must be an object"
    if not isinstance(arr.get("hourly", {}).get("shares", []), list):
        return "field 'arrivals.hourly.shares' must be a list"
    return None


# --- the hourly bar chart ------------------------------------------------------------------------------
class HourlyChart(FigureCanvasQTAgg):
    """Hourly shares of a day's arrivals as bars (in % of the day); a click or a drag on a bar
    sets its height. ``edited(index, share)`` tells which bar the mouse changed."""

    edited = Signal(int, float)

    def __init__(self, parent=None):
        self.fig = Figure(figsize=(7, 2.6), dpi=100, layout="constrained")
        super().__init__(self.fig)
        self.setParent(parent)
        self.ax = self.fig.add_subplot(1, 1, 1)
        self.start_hour = 8
        self.shares: list[float] = []
        self.open_hours = (0.0, 24.0)
        self.lang = "en"
        self._dragging = False
        self._drag_index: int | None = None
        self._ymax = 20.0
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.mpl_connect("button_press_event", self._press)
        self.mpl_connect("motion_notify_event", self._motion)
        self.mpl_connect("button_release_event", self._release)

    def draw(self):
        # text is matched to fonts when drawn: draw with the CJK font so Chinese shows as glyphs
        with matplotlib.rc_context(font_rc()):
            super().draw()

    def set_data(self, start_hour: int, shares: list[float], open_hours=(0.0, 24.0), lang: str = "en") -> None:
        self.start_hour, self.shares = int(start_hour), list(shares)
        self.open_hours, self.lang = open_hours, lang
        self.refresh(rescale=True)

    def refresh(self, rescale: bool = False) -> None:
        ax = self.ax
        ax.clear()
        if rescale or not self._dragging:
            self._ymax = max([20.0] + [s * 100 * 1.25 for s in self.shares])
        hours = [self.start_hour + i for i in range(len(self.shares))]
        o, c = self.open_hours
        colours = ["#2a6fbb" if o <= h + 0.5 <= c else "#b9c7d8" for h in hours]
        bars = ax.bar(hours, [s * 100 for s in self.shares], width=0.8, color=colours, edgecolor="#1b4a7a")
        for b, s in zip(bars, self.shares):
            ax.annotate(f"{s * 100:.1f}", (b.get_x() + b.get_width() / 2, b.get_height()), ha="center", va="bottom",
                        fontsize=7, xytext=(0, 1), textcoords="offset points")
        ax.set_xlim(self.start_hour - 0.6, self.start_hour + max(len(self.shares), 1) - 0.4)
        ax.set_ylim(0, self._ymax)
        ax.set_xticks(hours, [f"{h:02d}" for h in hours], fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
        ax.set_ylabel("%", fontsize=8)
        ax.set_title(_t("hourly", self.lang), fontsize=9)
        if any(c == "#b9c7d8" for c in colours):
            ax.legend(handles=[Patch(color="#b9c7d8", label=_t("closed", self.lang))], loc="upper right",
                      fontsize=7, frameon=False)
        ax.grid(axis="y", alpha=0.3)
        self.draw_idle()

    def bar_at(self, xdata) -> int | None:
        if xdata is None:
            return None
        i = int(math.floor(xdata - self.start_hour + 0.5))
        return i if 0 <= i < len(self.shares) else None

    def _set_from_event(self, event) -> None:
        # the bar pressed keeps following the pointer, also above the top of the axes
        i = self._drag_index
        if i is None or event.x is None or event.y is None or i >= len(self.shares):
            return
        _, y = self.ax.transData.inverted().transform((event.x, event.y))
        v = round(max(0.0, min(float(y), 100.0)) / 100, 5)
        self.shares[i] = v
        self.refresh()
        self.edited.emit(i, v)

    def _press(self, event):
        if event.button == 1 and event.inaxes is self.ax:
            self._drag_index = self.bar_at(event.xdata)
            if self._drag_index is not None:
                self._dragging = True
                self._set_from_event(event)

    def _motion(self, event):
        if self._dragging:
            self._set_from_event(event)

    def _release(self, event):
        if self._dragging:
            self._set_from_event(event)
            self._dragging, self._drag_index = False, None
            self.refresh(rescale=True)

    def pixel_of(self, index: int, share: float):
        """Widget pixel (x, y) of bar ``index`` at height ``share`` (where a click sets that height)."""
        self.draw()
        x, y = self.ax.transData.transform((self.start_hour + index, share * 100))
        r = self.devicePixelRatioF() or 1.0
        return x / r, (self.fig.bbox.height - y) / r


# --- the behaviour tree ---------------------------------------------------------------------------------
class _ValueDelegate(QStyledItemDelegate):
    """Edits only the value column; numbers in a line edit that takes numbers only."""

    def createEditor(self, parent, option, index):
        if index.column() != 1 or index.data(KIND_ROLE) in (None, "bool", "node"):
            return None
        ed = QLineEdit(parent)
        if index.data(KIND_ROLE) == "number":
            val = QDoubleValidator(ed)
            val.setLocale(QLocale.c())
            val.setNotation(QDoubleValidator.StandardNotation)
            ed.setValidator(val)
        return ed

    def setEditorData(self, editor, index):
        editor.setText(str(index.data(Qt.DisplayRole) or ""))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.text(), Qt.EditRole)


class AbilitiesButton(QToolButton):
    """What a staff member may do (the scenario's ``can`` list) as a drop-down of check boxes."""

    changed = Signal()

    def __init__(self, abilities, lang: str = "en", parent=None):
        super().__init__(parent)
        self.setPopupMode(QToolButton.InstantPopup)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self._menu = QMenu(self)
        self.setMenu(self._menu)
        self.actions_by_code: dict[str, QAction] = {}
        # abilities the format does not know stay listed (and checked), so the parser can name them
        for code in list(ABILITIES) + [a for a in abilities if a not in ABILITIES]:
            a = QAction(str(code), self._menu)
            a.setCheckable(True)
            a.setChecked(code in abilities)
            a.toggled.connect(self._toggled)
            self._menu.addAction(a)
            self.actions_by_code[code] = a
        self._order = list(abilities)
        self.retranslate(lang)

    def abilities(self) -> list:
        on = [c for c, a in self.actions_by_code.items() if a.isChecked()]
        return [c for c in self._order if c in on] + [c for c in on if c not in self._order]

    def set_checked(self, code: str, on: bool = True) -> None:
        self.actions_by_code[code].setChecked(on)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        for code, a in self.actions_by_code.items():
            en, zh = ABILITY_LABELS.get(code, (code, code))
            a.setText(f"{zh} ({code})" if lang == "zh" else (f"{en} ({code})" if en != code else code))
        self._update_text()

    def _toggled(self, _on):
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        idx = 1 if getattr(self, "lang", "en") == "zh" else 0
        self.setText(", ".join(ABILITY_LABELS.get(c, (c, c))[idx] for c in self.abilities()) or "—")


class ScenarioEditor(QWidget):
    """Edits one scenario document: staff roster, demand, business mix, behaviour and policies;
    opens, validates and saves it. ``layout`` (a model Layout, optional) fills the counter, desk
    and post drop-downs."""

    modifiedChanged = Signal(bool)
    saved = Signal(str)

    def __init__(self, layout=None, lang: str = "en", parent=None):
        super().__init__(parent)
        self.layout = layout
        self.lang = lang if lang in ("en", "zh") else "en"
        self.path: str | None = None
        self.modified = False
        self._doc: dict = {}
        self._loading = False
        self._shares: list[float] = []
        self._shares_edited = False
        #: the loaded staff and business entries by row key (a Qt item would sort a dict's keys)
        self._sources: dict[int, dict] = {}
        #: how errors reach the user (tests replace it); the label always shows them too
        self.show_error = lambda msg: QMessageBox.warning(self, "lobbysim", msg)
        self._build()
        self.retranslate(self.lang)

    # --- building ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        self.open_button, self.save_button = QPushButton(), QPushButton()
        self.save_as_button, self.validate_button = QPushButton(), QPushButton()
        self.open_button.clicked.connect(self.open_dialog)
        self.save_button.clicked.connect(self.save)
        self.save_as_button.clicked.connect(lambda: self.save_as())
        self.validate_button.clicked.connect(self.show_validation)
        for b in (self.open_button, self.save_button, self.save_as_button, self.validate_button):
            row.addWidget(b)
        self.path_label = QLabel()
        self.path_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        row.addWidget(self.path_label, 1)
        v.addLayout(row)
        row = QHBoxLayout()
        self.name_label = QLabel()
        self.name_edit = QLineEdit()
        self.name_edit.textEdited.connect(self._touch)
        row.addWidget(self.name_label)
        row.addWidget(self.name_edit, 1)
        v.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_staff(), "")
        self.tabs.addTab(self._build_demand(), "")
        self.tabs.addTab(self._build_business(), "")
        self.tabs.addTab(self._build_behaviour(), "")
        v.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        v.addWidget(self.status)

    def _build_staff(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.staff_table = QTableWidget(0, len(STAFF_COLS))
        self.staff_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.staff_table.verticalHeader().setVisible(False)
        self.staff_table.itemChanged.connect(self._touch)
        self.staff_table.horizontalHeader().setStretchLastSection(True)
        v.addWidget(self.staff_table, 1)
        row = QHBoxLayout()
        self.add_staff_button, self.remove_staff_button = QPushButton(), QPushButton()
        self.add_staff_button.clicked.connect(lambda: self.add_staff())
        self.remove_staff_button.clicked.connect(self.remove_selected_staff)
        row.addWidget(self.add_staff_button)
        row.addWidget(self.remove_staff_button)
        row.addStretch(1)
        v.addLayout(row)
        return w

    def _build_demand(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        row = QHBoxLayout()
        self.per_day = QSpinBox(minimum=0, maximum=100_000, singleStep=10)
        self.date_factor = QDoubleSpinBox(decimals=3, minimum=0, maximum=100, singleStep=0.05)
        self.per_day_label, self.date_factor_label = QLabel(), QLabel()
        for x in (self.per_day_label, self.per_day, self.date_factor_label, self.date_factor):
            row.addWidget(x)
        row.addStretch(1)
        self.per_day.valueChanged.connect(self._demand_changed)
        self.date_factor.valueChanged.connect(self._demand_changed)
        v.addLayout(row)
        self.day_label = QLabel()
        v.addWidget(self.day_label)
        self.day_table = QTableWidget(2, len(DAYS))
        self.day_table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.day_table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.day_table.setFixedHeight(self.day_table.horizontalHeader().sizeHint().height()
                                      + 2 * self.day_table.verticalHeader().defaultSectionSize()
                                      + 2 * self.day_table.frameWidth())
        self.day_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.day_table.itemChanged.connect(self._day_item_changed)
        v.addWidget(self.day_table)
        self.chart = HourlyChart(w)
        self.chart.edited.connect(self._bar_edited)
        v.addWidget(self.chart, 1)
        self.hour_grid = QGridLayout()
        self.hour_spins: list[QDoubleSpinBox] = []
        self.hour_labels: list[QLabel] = []
        v.addLayout(self.hour_grid)
        row = QHBoxLayout()
        self.start_hour_label = QLabel()
        self.start_hour = QSpinBox(minimum=0, maximum=23)
        self.start_hour.valueChanged.connect(self._start_hour_changed)
        self.add_hour_button, self.remove_hour_button, self.normalise_button = QPushButton(), QPushButton(), \
            QPushButton()
        self.add_hour_button.clicked.connect(self.add_hour)
        self.remove_hour_button.clicked.connect(self.remove_hour)
        self.normalise_button.clicked.connect(self.normalise_hourly)
        self.hourly_sum = QLabel()
        for x in (self.start_hour_label, self.start_hour, self.add_hour_button, self.remove_hour_button,
                  self.normalise_button):
            row.addWidget(x)
        row.addWidget(self.hourly_sum, 1)
        v.addLayout(row)
        return w

    def _build_business(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.business_table = QTableWidget(0, len(BUSINESS_COLS))
        self.business_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.business_table.verticalHeader().setVisible(False)
        self.business_table.itemChanged.connect(self._business_item_changed)
        self.business_table.horizontalHeader().setStretchLastSection(True)
        v.addWidget(self.business_table, 1)
        row = QHBoxLayout()
        self.add_business_button, self.remove_business_button = QPushButton(), QPushButton()
        self.add_business_button.clicked.connect(lambda: self.add_business())
        self.remove_business_button.clicked.connect(self.remove_selected_business)
        self.business_sum = QLabel()
        row.addWidget(self.add_business_button)
        row.addWidget(self.remove_business_button)
        row.addWidget(self.business_sum, 1)
        v.addLayout(row)
        return w

    def _build_behaviour(self) -> QWidget:
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setItemDelegate(_ValueDelegate(self.tree))
        self.tree.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                  | QAbstractItemView.SelectedClicked)
        self.tree.itemChanged.connect(self._tree_changed)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        return self.tree

    # --- texts ------------------------------------------------------------------------------------------
    def retranslate(self, lang: str) -> None:
        """Show every label in ``lang`` ('en' or 'zh'); the document is not touched."""
        self.lang = lang if lang in ("en", "zh") else "en"
        T = lambda k, **kw: _t(k, self.lang, **kw)  # noqa: E731
        for b, k in ((self.open_button, "open"), (self.save_button, "save"), (self.save_as_button, "save_as"),
                     (self.validate_button, "validate"), (self.add_staff_button, "add_staff"),
                     (self.remove_staff_button, "remove_staff"), (self.add_hour_button, "add_hour"),
                     (self.remove_hour_button, "remove_hour"), (self.normalise_button, "normalise"),
                     (self.add_business_button, "add_business"), (self.remove_business_button, "remove_business")):
            b.setText(T(k))
        self.name_label.setText(T("name"))
        self.per_day_label.setText(T("per_day"))
        self.date_factor_label.setText(T("date_factor"))
        self.day_label.setText(T("day_factors"))
        self.start_hour_label.setText(T("start_hour"))
        for i, k in enumerate(("tab_staff", "tab_demand", "tab_business", "tab_behaviour")):
            self.tabs.setTabText(i, T(k))
        self.staff_table.setHorizontalHeaderLabels([T("name_col" if c == "name" else c) for c in STAFF_COLS])
        self.staff_table.horizontalHeaderItem(STAFF_COLS.index("shifts")).setToolTip(
            "09:00–17:00; … (empty: the opening hours)" if self.lang == "en" else "09:00–17:00; …（空：营业时间）")
        can_tip = ", ".join(f"{a} ({ABILITY_LABELS[a][1 if self.lang == 'zh' else 0]})" for a in ABILITIES)
        self.staff_table.horizontalHeaderItem(STAFF_COLS.index("can")).setToolTip(can_tip)
        self.business_table.setHorizontalHeaderLabels([T(c) for c in BUSINESS_COLS])
        self.business_table.horizontalHeaderItem(BUSINESS_COLS.index("fixtures")).setToolTip(", ".join(SERVICE_KINDS))
        self.day_table.setHorizontalHeaderLabels([DAY_NAMES[d][0] if self.lang == "zh" else DAY_NAMES[d][1][:3]
                                                  for d in DAYS])
        self.day_table.setVerticalHeaderLabels([T("factor"), T("customers_row")])
        self.tree.setHeaderLabels([T("key"), T("value"), T("meaning")])
        loading, self._loading = self._loading, True
        try:
            for r in range(self.staff_table.rowCount()):
                self._fill_role_combo(self.staff_table.cellWidget(r, STAFF_COLS.index("role")))
                for col in ("counter", "desk", "post"):
                    cb = self.staff_table.cellWidget(r, STAFF_COLS.index(col))
                    if cb is not None and cb.count():
                        cb.setItemText(0, T("none"))
                self.staff_abilities(r).retranslate(self.lang)
            self._gloss_tree()
        finally:
            self._loading = loading
        self._update_sums()
        self._update_path_label()
        self._refresh_chart(rescale=True)

    def _update_path_label(self) -> None:
        name = self.path if self.path else _t("untitled", self.lang)
        self.path_label.setText(("● " if self.modified else "") + str(name))

    # --- loading ----------------------------------------------------------------------------------------
    def load(self, path) -> bool:
        """Open a scenario file; a file that cannot be read or shown leaves the editor as it was
        and shows why (label and message box)."""
        try:
            doc = read_json(path, what="lobbysim scenario")
        except LobbysimError as exc:
            self._fail(str(exc))
            return False
        problem = structure_problem(doc)
        if problem is not None:
            self._fail(str(FormatError(problem, path=str(path))))
            return False
        self.set_document(doc, str(path))
        return True

    def set_document(self, doc: dict, path: str | None = None) -> None:
        """Show ``doc`` (a scenario document) for editing; ``path`` is where Save writes it."""
        problem = structure_problem(doc)
        if problem is not None:
            raise FormatError(problem, path=path)
        self._doc = copy.deepcopy(doc)
        self.path = path
        self._sources = {}
        self._loading = True
        try:
            self.name_edit.setText(str(doc.get("name", "")))
            self.staff_table.setRowCount(0)
            for s in doc.get("staff", []):
                self.add_staff(s)
            arr = doc.get("arrivals", {})
            self.per_day.setValue(int(round(arr.get("per_day", 250))) if _is_num(arr.get("per_day", 250)) else 250)
            self.date_factor.setValue(arr.get("date_factor", 1.0) if _is_num(arr.get("date_factor", 1.0)) else 1.0)
            df = arr.get("day_factors", {})
            self.day_table.blockSignals(True)
            for j, d in enumerate(DAYS):
                self.day_table.setItem(0, j, QTableWidgetItem(fmt_value(df.get(d, 1.0))))
                it = QTableWidgetItem()
                it.setFlags(Qt.ItemIsEnabled)
                self.day_table.setItem(1, j, it)
            self.day_table.blockSignals(False)
            hourly = arr.get("hourly", {})
            self.start_hour.setValue(int(hourly.get("start_hour", 0)) if _is_num(hourly.get("start_hour", 0)) else 0)
            shares = hourly.get("shares", [])
            self._shares = [float(s) if _is_num(s) else 0.0 for s in shares]
            self._shares_edited = not all(_is_num(s) for s in shares)
            self._rebuild_hour_spins()
            self.business_table.setRowCount(0)
            for b in doc.get("business", []):
                self.add_business(b)
            self._fill_tree(doc)
        finally:
            self._loading = False
        self.staff_table.resizeColumnsToContents()
        self.business_table.resizeColumnsToContents()
        self._update_day_customers()
        self._update_sums()
        self._refresh_chart(rescale=True)
        self._set_modified(False)
        err = self.validate()
        self._show_status(err)

    def set_layout(self, layout) -> None:
        """Fill the counter, desk and post drop-downs from another layout (the edits are kept)."""
        self.layout = layout
        loading, self._loading = self._loading, True
        try:
            for r in range(self.staff_table.rowCount()):
                for col in ("counter", "desk", "post"):
                    cb = self.staff_table.cellWidget(r, STAFF_COLS.index(col))
                    self._fill_place_combo(cb, col, cb.currentData())
        finally:
            self._loading = loading

    def _keep_source(self, spec: dict) -> int:
        key = len(self._sources) + 1
        self._sources[key] = copy.deepcopy(spec)
        return key

    # --- staff ------------------------------------------------------------------------------------------
    def _place_choices(self, col: str) -> list[tuple[str, str]]:
        """(id, label) of the layout's elements a staff member can be assigned to in column ``col``."""
        if col == "post":
            ids = [p.id for p in self.layout.posts()] if self.layout is not None else []
            return [(i, i) for i in (ids or DEFAULT_POSTS)]
        kinds = STAFFED_KINDS if col == "counter" else DESK_KINDS
        out = []
        if self.layout is not None:
            for f in self.layout.fixtures():
                if f.fixture_kind in kinds:
                    k = FIXTURE_KINDS.get(f.fixture_kind)
                    label = (k.zh if self.lang == "zh" else k.en) if k is not None else f.fixture_kind
                    out.append((f.id, f"{f.id} — {label}"))
        return out

    def _fill_place_combo(self, cb: QComboBox, col: str, current) -> None:
        blocked = cb.blockSignals(True)
        cb.clear()
        cb.addItem(_t("none", self.lang), None)
        for i, label in self._place_choices(col):
            cb.addItem(label, i)
        if current is not None and cb.findData(current) < 0:
            cb.addItem(str(current), current)  # kept although the layout does not have it
        cb.setCurrentIndex(max(0, cb.findData(current)) if current is not None else 0)
        cb.blockSignals(blocked)

    def _fill_role_combo(self, cb: QComboBox, current=None) -> None:
        if cb is None:
            return
        blocked = cb.blockSignals(True)
        if current is None:
            current = cb.currentData()
        cb.clear()
        for r in ROLES:
            zh, en = ROLE_LABELS.get(r, (r, r))
            cb.addItem(f"{zh if self.lang == 'zh' else en} ({r})", r)
        if current is not None and cb.findData(current) < 0:
            cb.addItem(str(current), current)
        cb.setCurrentIndex(max(0, cb.findData(current)))
        cb.blockSignals(blocked)

    def add_staff(self, spec: dict | None = None) -> int:
        """Append a staff row (a new member with the opening hours as shift if ``spec`` is None)."""
        t = self.staff_table
        if spec is None:
            ids = {t.item(r, 0).text() for r in range(t.rowCount()) if t.item(r, 0)}
            n = 1
            while f"staff{n}" in ids:
                n += 1
            hours = self._tree_value("hours") or {}
            spec = {"id": f"staff{n}", "role": "cs_counter",
                    "shifts": [[hours.get("open", "09:00"), hours.get("close", "17:00")]]}
            self._touch()
        loading, self._loading = self._loading, True
        r = t.rowCount()
        t.insertRow(r)
        it = QTableWidgetItem(fmt_value(spec.get("id", "")))
        it.setData(Qt.UserRole, self._keep_source(spec))
        t.setItem(r, 0, it)
        t.setItem(r, 1, QTableWidgetItem(fmt_value(spec.get("name", ""))))
        role = QComboBox()
        self._fill_role_combo(role, spec.get("role"))
        role.currentIndexChanged.connect(self._touch)
        t.setCellWidget(r, 2, role)
        for col in ("counter", "desk", "post"):
            cb = QComboBox()
            self._fill_place_combo(cb, col, spec.get(col))
            cb.currentIndexChanged.connect(self._touch)
            t.setCellWidget(r, STAFF_COLS.index(col), cb)
        t.setItem(r, 6, QTableWidgetItem(fmt_spans(spec["shifts"]) if "shifts" in spec else ""))
        t.setItem(r, 7, QTableWidgetItem(fmt_spans(spec["breaks"]) if "breaks" in spec else ""))
        can = spec.get("can", [])
        can_button = AbilitiesButton(can if isinstance(can, list) else [], self.lang)
        can_button.changed.connect(self._touch)
        t.setCellWidget(r, 8, can_button)
        if not isinstance(can, list):  # not a list: keep the text, the parser will say what is wrong
            t.setItem(r, 8, QTableWidgetItem(fmt_list(can)))
        self._loading = loading
        return r

    def remove_selected_staff(self) -> None:
        rows = sorted({i.row() for i in self.staff_table.selectedIndexes()} or
                      ({self.staff_table.currentRow()} - {-1}), reverse=True)
        for r in rows:
            self.staff_table.removeRow(r)
        if rows:
            self._touch()

    def staff_combo(self, row: int, col: str) -> QComboBox:
        """The drop-down of staff row ``row`` in column ``col`` ('role', 'counter', 'desk', 'post')."""
        return self.staff_table.cellWidget(row, STAFF_COLS.index(col))

    def staff_abilities(self, row: int) -> AbilitiesButton:
        return self.staff_table.cellWidget(row, STAFF_COLS.index("can"))

    def staff_row(self, staff_id: str) -> int:
        for r in range(self.staff_table.rowCount()):
            if self.staff_table.item(r, 0).text().strip() == staff_id:
                return r
        raise KeyError(staff_id)

    def _staff_docs(self) -> list[dict]:
        t = self.staff_table
        out = []
        for r in range(t.rowCount()):
            src = self._sources.get(t.item(r, 0).data(Qt.UserRole), {})
            s = copy.deepcopy(src)
            s["id"] = t.item(r, 0).text().strip()
            _put(s, "name", t.item(r, 1).text().strip() or None)
            s["role"] = self.staff_combo(r, "role").currentData()
            for col in ("counter", "desk", "post"):
                _put(s, col, self.staff_combo(r, col).currentData())
            for c, key in ((6, "shifts"), (7, "breaks")):
                spans = parse_spans(t.item(r, c).text())
                if spans:
                    if spans != src.get(key):
                        s[key] = spans
                elif src.get(key) != []:
                    s.pop(key, None)  # no shift: the opening hours; no break: none
            can = self.staff_abilities(r).abilities()
            if not isinstance(src.get("can", []), list):
                pass  # kept as loaded
            elif can != src.get("can", []):
                s["can"] = can
            out.append(s)
        return out

    # --- demand -----------------------------------------------------------------------------------------
    def _rebuild_hour_spins(self) -> None:
        while self.hour_grid.count():
            w = self.hour_grid.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.hour_spins, self.hour_labels = [], []
        for i, s in enumerate(self._shares):
            lab = QLabel(f"{self.start_hour.value() + i:02d}")
            lab.setAlignment(Qt.AlignCenter)
            sp = QDoubleSpinBox(decimals=3, minimum=0, maximum=100, singleStep=0.5)
            sp.setValue(s * 100)
            sp.valueChanged.connect(lambda val, i=i: self._spin_edited(i, val))
            self.hour_grid.addWidget(lab, 0, i)
            self.hour_grid.addWidget(sp, 1, i)
            self.hour_labels.append(lab)
            self.hour_spins.append(sp)

    def _spin_edited(self, i: int, percent: float) -> None:
        if self._loading:
            return
        self._shares[i] = round(percent / 100, 6)
        self._shares_edited = True
        self._refresh_chart()
        self._update_sums()
        self._touch()

    def _bar_edited(self, i: int, share: float) -> None:
        self._shares[i] = share
        self._shares_edited = True
        sp = self.hour_spins[i]
        blocked = sp.blockSignals(True)
        sp.setValue(share * 100)
        sp.blockSignals(blocked)
        self._update_sums()
        self._touch()

    def hourly_shares(self) -> list[float]:
        """The hourly shares as shown (not yet scaled to sum to 1)."""
        return list(self._shares)

    def set_hourly_share(self, i: int, share: float) -> None:
        self.hour_spins[i].setValue(share * 100)

    def add_hour(self) -> None:
        self._shares.append(0.0)
        self._shares_edited = True
        self._rebuild_hour_spins()
        self._refresh_chart(rescale=True)
        self._update_sums()
        self._touch()

    def remove_hour(self) -> None:
        if self._shares:
            self._shares.pop()
            self._shares_edited = True
            self._rebuild_hour_spins()
            self._refresh_chart(rescale=True)
            self._update_sums()
            self._touch()

    def normalise_hourly(self) -> None:
        total = sum(self._shares)
        if total > 0:
            self._shares = _normalised(self._shares)
            self._shares_edited = True
            loading, self._loading = self._loading, True
            for sp, s in zip(self.hour_spins, self._shares):
                sp.setValue(s * 100)
            self._loading = loading
            self._refresh_chart(rescale=True)
            self._update_sums()
            self._touch()

    def _start_hour_changed(self, h: int) -> None:
        for i, lab in enumerate(self.hour_labels):
            lab.setText(f"{h + i:02d}")
        self._refresh_chart(rescale=True)
        self._touch()

    def _refresh_chart(self, rescale: bool = False) -> None:
        if not hasattr(self, "_shares"):
            self._shares, self._shares_edited = [], False
        hours = self._tree_value("hours") or {}
        o, c = _hour_of(hours.get("open", "00:00"), 0.0), _hour_of(hours.get("close", "24:00"), 24.0)
        self.chart.start_hour, self.chart.shares, self.chart.lang = self.start_hour.value(), self._shares, self.lang
        self.chart.open_hours = (o, c)
        self.chart.refresh(rescale=rescale)

    def _demand_changed(self, *_):
        self._update_day_customers()
        self._touch()

    def _day_item_changed(self, item) -> None:
        if item.row() == 0:
            self._update_day_customers()
            self._touch()

    def _update_day_customers(self) -> None:
        if self.day_table.item(1, 0) is None:
            return
        blocked = self.day_table.blockSignals(True)
        for j in range(len(DAYS)):
            f = parse_number(self.day_table.item(0, j).text()) if self.day_table.item(0, j) else 1.0
            n = self.per_day.value() * self.date_factor.value() * f if _is_num(f) else float("nan")
            self.day_table.item(1, j).setText("?" if math.isnan(n) else f"{n:.0f}")
        self.day_table.blockSignals(blocked)

    def _arrivals_doc(self) -> dict:
        arr = copy.deepcopy(self._doc.get("arrivals", {}))
        if "per_day" in arr or self.per_day.value() != 250:
            arr["per_day"] = _kept(arr.get("per_day"), self.per_day.value(), 0.5)
        df = arr.setdefault("day_factors", {}) if "day_factors" in arr else {}
        for j, d in enumerate(DAYS):
            v = parse_number(self.day_table.item(0, j).text())
            if d in df or v != 1.0:
                df[d] = _same_type(df.get(d), v)
        if df and "day_factors" not in arr:
            arr["day_factors"] = df
        if "date_factor" in arr or abs(self.date_factor.value() - 1.0) > 1e-12:
            arr["date_factor"] = _kept(arr.get("date_factor"), self.date_factor.value(), 5e-4)
        if "hourly" in arr or self._shares:
            hourly = arr.setdefault("hourly", {})
            if "start_hour" in hourly or self.start_hour.value() != 0:
                hourly["start_hour"] = _kept(hourly.get("start_hour"), self.start_hour.value(), 0.5)
            if self._shares_edited:
                total = sum(self._shares)
                hourly["shares"] = _normalised(self._shares) if total > 0 and abs(total - 1) > 1e-9 \
                    else list(self._shares)
        return arr

    # --- business ---------------------------------------------------------------------------------------
    def add_business(self, spec: dict | None = None) -> int:
        """Append a business row (a new kind of business with share 0 if ``spec`` is None)."""
        t = self.business_table
        if spec is None:
            codes = {t.item(r, 0).text() for r in range(t.rowCount()) if t.item(r, 0)}
            n = 1
            while f"business{n}" in codes:
                n += 1
            spec = {"code": f"business{n}", "name_en": "", "name_zh": "", "share": 0.0,
                    "fixtures": ["cash_counter"], "service": {"dist": "lognormal", "mean": 5, "cv": 0.8}}
            self._touch()
        loading, self._loading = self._loading, True
        r = t.rowCount()
        t.insertRow(r)
        for c, key in enumerate(BUSINESS_COLS):
            if key in ("dist", "authorisation", "triage"):
                continue
            if key == "fixtures":
                text = fmt_list(spec.get("fixtures", []))
            elif key == "params":
                svc = spec.get("service")
                text = fmt_params(svc) if isinstance(svc, dict) else \
                    (f"value={fmt_value(svc)}" if _is_num(svc) else fmt_value(svc))
            else:
                text = fmt_value(spec.get(key))
            it = QTableWidgetItem(text)
            if c == 0:
                it.setData(Qt.UserRole, self._keep_source(spec))
            t.setItem(r, c, it)
        dist = QComboBox()
        for name in DIST_NAMES:
            dist.addItem(name, name)
        svc = spec.get("service")
        cur = svc.get("dist") if isinstance(svc, dict) else ("deterministic" if _is_num(svc) else None)
        if cur is not None and dist.findData(cur) < 0:
            dist.addItem(str(cur), cur)
        dist.setCurrentIndex(max(0, dist.findData(cur)))
        dist.currentIndexChanged.connect(lambda _i, cb=dist: self._dist_changed(cb))
        t.setCellWidget(r, BUSINESS_COLS.index("dist"), dist)
        for key in ("authorisation", "triage"):
            it = QTableWidgetItem()
            it.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
            it.setCheckState(Qt.Checked if spec.get(key) is True else Qt.Unchecked)
            t.setItem(r, BUSINESS_COLS.index(key), it)
        self._loading = loading
        self._update_sums()
        return r

    def _dist_changed(self, cb: QComboBox) -> None:
        """A new service distribution keeps the mean and asks for the parameters it needs."""
        t = self.business_table
        for r in range(t.rowCount()):
            if t.cellWidget(r, BUSINESS_COLS.index("dist")) is cb:
                item = t.item(r, BUSINESS_COLS.index("params"))
                old = parse_params(item.text())
                new = dict(DIST_PARAMS.get(cb.currentData(), {}))
                for k in new:
                    if k in old:
                        new[k] = old[k]
                    elif k in ("mean", "value") and ("mean" in old or "value" in old):
                        new[k] = old.get("mean", old.get("value"))
                item.setText(fmt_params(new))
        self._touch()

    def remove_selected_business(self) -> None:
        rows = sorted({i.row() for i in self.business_table.selectedIndexes()} or
                      ({self.business_table.currentRow()} - {-1}), reverse=True)
        for r in rows:
            self.business_table.removeRow(r)
        if rows:
            self._update_sums()
            self._touch()

    def business_row(self, code: str) -> int:
        for r in range(self.business_table.rowCount()):
            if self.business_table.item(r, 0).text().strip() == code:
                return r
        raise KeyError(code)

    def business_cell(self, row: int, key: str) -> QTableWidgetItem:
        return self.business_table.item(row, BUSINESS_COLS.index(key))

    def _business_item_changed(self, item) -> None:
        if BUSINESS_COLS[item.column()] == "share":
            self._update_sums()
        self._touch()

    def _business_docs(self) -> list[dict]:
        t = self.business_table
        out = []
        for r in range(t.rowCount()):
            src = self._sources.get(t.item(r, 0).data(Qt.UserRole), {})
            b = copy.deepcopy(src)
            cell = lambda k: t.item(r, BUSINESS_COLS.index(k)).text()  # noqa: E731
            b["code"] = cell("code").strip()
            for key in ("name_zh", "name_en"):
                if cell(key).strip() or key in src:
                    b[key] = cell(key).strip()
            for key in ("share", "vip_share", "conversion"):
                text = cell(key).strip()
                if text != fmt_value(src.get(key)):
                    _put(b, key, parse_number(text) if text else None)
            fixtures = parse_list(cell("fixtures"))
            if fixtures != src.get("fixtures"):
                b["fixtures"] = fixtures
            dist = t.cellWidget(r, BUSINESS_COLS.index("dist")).currentData()
            params = parse_params(cell("params"))
            svc = src.get("service")
            if not (isinstance(svc, dict) and svc.get("dist") == dist and parse_params(fmt_params(svc)) == params):
                b["service"] = {"dist": dist, **params}
            for key in ("authorisation", "triage"):
                on = t.item(r, BUSINESS_COLS.index(key)).checkState() == Qt.Checked
                if on or key in src:
                    b[key] = on
            out.append(b)
        return out

    def _update_sums(self) -> None:
        total = 0.0
        for r in range(self.business_table.rowCount()):
            item = self.business_table.item(r, BUSINESS_COLS.index("share"))
            v = parse_number(item.text()) if item is not None else 0
            total += v if _is_num(v) else float("nan")
        self.business_sum.setText(_t("business_sum", self.lang, s=total))
        ok = math.isfinite(total) and abs(total - 1) <= 1e-3
        self.business_sum.setStyleSheet("" if ok else "color: #b00020")
        self.hourly_sum.setText(_t("hourly_sum", self.lang, s=sum(getattr(self, "_shares", [])) * 100))

    # --- behaviour tree ---------------------------------------------------------------------------------
    def _fill_tree(self, doc: dict) -> None:
        self.tree.clear()
        notes = doc.get("notes") if isinstance(doc.get("notes"), dict) else {}
        for key, value in doc.items():
            if key in TABBED:
                continue
            item = self._tree_item(None, key, value, key, notes)
            item.setExpanded(key in ("hours", "customers", "policies"))
        self._gloss_tree()
        self.tree.resizeColumnToContents(0)

    def _tree_item(self, parent, key, value, dotted: str, notes: dict) -> QTreeWidgetItem:
        item = QTreeWidgetItem([str(key), "", ""])
        item.setData(0, Qt.UserRole, key)
        (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
        if dotted in notes and isinstance(notes[dotted], str):
            item.setToolTip(0, notes[dotted])
        if isinstance(value, dict) and value:
            item.setData(1, KIND_ROLE, "node")
            item.setData(1, ORIG_ROLE, "dict")
            for k, v in value.items():
                self._tree_item(item, k, v, f"{dotted}.{k}", notes)
            return item
        if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            item.setData(1, KIND_ROLE, "node")
            item.setData(1, ORIG_ROLE, "list")
            for i, v in enumerate(value):
                child = self._tree_item(item, i + 1, v, dotted, {})
                child.setText(0, f"[{i + 1}]")
                hint = v.get("name") or v.get("rule") or v.get("staff") or ""
                child.setText(2, str(hint))
            return item
        item.setFlags(item.flags() | Qt.ItemIsEditable)
        if isinstance(value, bool):
            item.setData(1, KIND_ROLE, "bool")
            item.setFlags((item.flags() | Qt.ItemIsUserCheckable) & ~Qt.ItemIsEditable)
            item.setCheckState(1, Qt.Checked if value else Qt.Unchecked)
        elif isinstance(value, (int, float)):
            item.setData(1, KIND_ROLE, "number")
            item.setData(1, ORIG_ROLE, value)
            item.setText(1, fmt_value(value))
        elif isinstance(value, str):
            item.setData(1, KIND_ROLE, "text")
            item.setText(1, value)
        else:  # null, a list of values, an empty list or object: edited as JSON text
            item.setData(1, KIND_ROLE, "json")
            item.setText(1, json.dumps(value, ensure_ascii=False))
        return item

    def _gloss_tree(self) -> None:
        blocked = self.tree.blockSignals(True)
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            it = stack.pop()
            key = it.data(0, Qt.UserRole)
            if isinstance(key, str) and key in GLOSS:
                it.setText(2, GLOSS[key][1 if self.lang == "zh" else 0])
            if it.data(1, KIND_ROLE) == "bool":
                it.setText(1, ("是" if it.checkState(1) == Qt.Checked else "否") if self.lang == "zh" else "")
            stack.extend(it.child(i) for i in range(it.childCount()))
        self.tree.blockSignals(blocked)

    def _tree_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading:
            return
        if item.data(1, KIND_ROLE) == "bool":
            self._gloss_tree()
        top = item
        while top.parent() is not None:
            top = top.parent()
        if top.data(0, Qt.UserRole) == "hours":
            self._refresh_chart()
        self._touch()

    def _read_item(self, item: QTreeWidgetItem):
        kind = item.data(1, KIND_ROLE)
        if kind == "node":
            if item.data(1, ORIG_ROLE) == "list":
                return [self._read_item(item.child(i)) for i in range(item.childCount())]
            return {item.child(i).data(0, Qt.UserRole): self._read_item(item.child(i))
                    for i in range(item.childCount())}
        if kind == "bool":
            return item.checkState(1) == Qt.Checked
        text = item.text(1)
        if kind == "number":
            orig = item.data(1, ORIG_ROLE)
            if text == fmt_value(orig):
                return orig
            return _same_type(orig, parse_number(text))
        if kind == "json":
            try:
                return json.loads(text)
            except ValueError:
                return text
        return text

    def tree_item(self, *keys) -> QTreeWidgetItem:
        """The tree item at ``keys`` (e.g. 'customers', 'no_show_share'; list items by number from 1)."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        found = None
        for k in keys:
            found = next((it for it in items if it.data(0, Qt.UserRole) == k), None)
            if found is None:
                raise KeyError(keys)
            items = [found.child(i) for i in range(found.childCount())]
        return found

    def _tree_value(self, key: str):
        try:
            return self._read_item(self.tree_item(key))
        except KeyError:
            return None

    # --- the document -----------------------------------------------------------------------------------
    def document(self) -> dict:
        """The edited scenario document: the loaded one with every edit applied (unknown keys kept;
        hourly shares scaled to sum to 1 if they were edited)."""
        doc = copy.deepcopy(self._doc)
        doc.setdefault("format", FORMAT)
        doc.setdefault("version", VERSION)
        name = self.name_edit.text()
        if name or "name" in doc:
            doc["name"] = name
        arr = self._arrivals_doc()
        if arr or "arrivals" in doc:
            doc["arrivals"] = arr
        doc["business"] = self._business_docs()
        doc["staff"] = self._staff_docs()
        for i in range(self.tree.topLevelItemCount()):
            it = self.tree.topLevelItem(i)
            doc[it.data(0, Qt.UserRole)] = self._read_item(it)
        # the staff roster is the last tab but was the fifth key of the file: keep the file's order
        order = list(self._doc) + [k for k in doc if k not in self._doc]
        return {k: doc[k] for k in order if k in doc}

    def validate(self) -> str | None:
        """The one-line message of what is wrong with the edited scenario, or None if it is valid."""
        try:
            Scenario.from_dict(self.document(), self.path)
        except LobbysimError as exc:
            return str(exc)
        return None

    def layout_problem(self) -> str | None:
        """Why the (valid) scenario cannot run on the editor's layout, or None."""
        if self.layout is None:
            return None
        try:
            Scenario.from_dict(self.document(), self.path).check_against(self.layout)
        except LobbysimError as exc:
            return str(exc)
        return None

    def show_validation(self) -> str | None:
        err = self.validate()
        self._show_status(err)
        return err

    def _show_status(self, err: str | None) -> None:
        if err is not None:
            self.status.setText(err)
            self.status.setStyleSheet("color: #b00020")
            return
        warn = self.layout_problem()
        if warn is None:
            self.status.setText(_t("valid", self.lang))
            self.status.setStyleSheet("color: #2e7d32")
        else:
            self.status.setText(_t("valid_layout", self.lang, m=warn))
            self.status.setStyleSheet("color: #b26a00")

    # --- files ------------------------------------------------------------------------------------------
    def open_dialog(self) -> bool:
        if self.modified and not self.ask_discard():
            return False
        path = self.ask_open_path()
        return self.load(path) if path else False

    def save(self) -> bool:
        return self.save_to(self.path) if self.path else self.save_as()

    def save_as(self, path: str | None = None) -> bool:
        path = path or self.ask_save_path()
        return self.save_to(path) if path else False

    def save_to(self, path) -> bool:
        """Validate, then write the document atomically; an invalid scenario is never written."""
        path = str(path)
        doc = self.document()
        try:
            Scenario.from_dict(doc, path)
            atomic_write_text(path, dumps_pretty(doc))
        except (LobbysimError, ValueError) as exc:  # ValueError: a number JSON cannot hold
            self._fail(_t("not_saved", self.lang, m=str(exc)))
            return False
        self._doc = doc
        self.path = path
        self._shares_edited = False
        self._shares = [float(s) for s in doc.get("arrivals", {}).get("hourly", {}).get("shares", self._shares)]
        loading, self._loading = self._loading, True
        for sp, s in zip(self.hour_spins, self._shares):
            sp.setValue(s * 100)
        self._loading = loading
        self._refresh_chart(rescale=True)
        self._update_sums()
        self._set_modified(False)
        self._show_status(None)
        self.status.setText(self.status.text() + "  " + _t("saved", self.lang, p=path))
        self.saved.emit(path)
        return True

    def _fail(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("color: #b00020")
        self.show_error(message)

    # dialogs, replaceable in tests
    def ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, _t("title", self.lang), str(Path(self.path).parent)
                                              if self.path else "", _t("files", self.lang))
        return path

    def ask_save_path(self) -> str:
        path, _ = QFileDialog.getSaveFileName(self, _t("title", self.lang), self.path or "scenario.json",
                                              _t("files", self.lang))
        return path

    def ask_discard(self) -> bool:
        r = QMessageBox.question(self, "lobbysim", _t("discard", self.lang), QMessageBox.Yes | QMessageBox.No)
        return r == QMessageBox.Yes

    # --- modified flag ----------------------------------------------------------------------------------
    def _touch(self, *_):
        if not self._loading:
            self._set_modified(True)

    def _set_modified(self, on: bool) -> None:
        changed = on != self.modified
        self.modified = on
        self._update_path_label()
        if changed:
            self.modifiedChanged.emit(on)


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _same_type(orig, v):
    """Keep an integer an integer (5, not 5.0) and a float a float (1.0, not 1) when it fits."""
    if not _is_num(v):
        return v
    if isinstance(orig, int) and not isinstance(orig, bool) and float(v).is_integer():
        return int(v)
    if isinstance(orig, float) or isinstance(v, float):
        return float(v)
    return v


def _kept(orig, shown, tol: float):
    """The file's value while a spin box shows it (rounded to its steps), else the spin box's."""
    if _is_num(orig) and abs(orig - shown) < tol:
        return orig
    return _same_type(orig, shown)


def _put(d: dict, key: str, value) -> None:
    """Set ``key``, or drop it when the cell is empty."""
    if value is None or value == "":
        d.pop(key, None)
    else:
        d[key] = value


def _normalised(shares: list[float]) -> list[float]:
    total = sum(shares)
    return [round(s / total, 6) for s in shares]


def _hour_of(clock, default: float) -> float:
    if isinstance(clock, str) and re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", clock.strip()):
        h, m = clock.strip().split(":")[:2]
        return int(h) + int(m) / 60
    return default


# --- the editor window's Scenario menu -----------------------------------------------------------------
class ScenarioEditorHost(QObject):
    """The Scenario menu of an editor window and the (non-modal) dialog holding the editor."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dialog: QDialog | None = None
        self.editor: ScenarioEditor | None = None
        lang = getattr(window, "lang", "en")
        self.menu = window.menuBar().addMenu(_t("title", lang))
        self.action = QAction(_t("edit_scenario", lang), window)
        self.action.triggered.connect(self.open)
        self.menu.addAction(self.action)

    def may_close(self) -> bool:
        """False when the scenario has unsaved edits the user wants to keep (the window stays open)."""
        ed = self.editor
        if ed is None or not shiboken6.isValid(ed) or not ed.modified:
            return True
        return ed.ask_discard()

    def layout_changed(self, layout) -> None:
        """Another drawing was opened: the open editor's drop-downs list its fixtures and posts."""
        ed = self.editor
        if ed is not None and shiboken6.isValid(ed):
            ed.set_layout(layout)

    def scenario_path(self) -> str:
        sim = getattr(self.window, "sim", None)
        return sim.scenario.text().strip() if sim is not None else ""

    def open(self) -> ScenarioEditor:
        """Show the editor on the scenario chosen in the Simulate dock (the sample if none)."""
        lang = getattr(self.window, "lang", "en")
        if self.editor is None or not shiboken6.isValid(self.editor):
            self.dialog = QDialog(self.window)
            self.dialog.setModal(False)
            self.dialog.resize(1150, 720)
            self.editor = ScenarioEditor(getattr(self.window, "layout", None), lang, self.dialog)
            self.editor.show_error = self.window.show_error
            self.editor.saved.connect(self._saved)
            self.editor.modifiedChanged.connect(lambda _on: self._title())
            QVBoxLayout(self.dialog).addWidget(self.editor)
        ed = self.editor
        ed.set_layout(getattr(self.window, "layout", None))
        path = self.scenario_path()
        if path:
            if ed.path is None or Path(path).resolve() != Path(ed.path).resolve():
                if not ed.modified or ed.ask_discard():
                    ed.load(path)
        elif not ed._doc:  # no scenario chosen: start from the sample, saved under a new name
            from lobbysim.sim.sample import SAMPLE_SCENARIO

            ed.set_document(SAMPLE_SCENARIO, None)
        self._title()
        self.dialog.show()
        self.dialog.raise_()
        return ed

    def _saved(self, path: str) -> None:
        sim = getattr(self.window, "sim", None)
        if sim is not None and shiboken6.isValid(sim.scenario):
            if hasattr(sim, "use_scenario"):
                sim.use_scenario(path)  # also when saved in place: the quick estimate runs again
            elif sim.scenario.text().strip() != path:
                sim.scenario.setText(path)
        self._title()

    def _title(self) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.editor is not None:
            lang = self.editor.lang
            name = Path(self.editor.path).name if self.editor.path else _t("untitled", lang)
            self.dialog.setWindowTitle(f"{_t('title', lang)} — {name}{' *' if self.editor.modified else ''}")

    def retranslate(self, lang: str) -> None:
        """Labels in ``lang``; the menu goes back to the end of the menu bar (a language switch
        rebuilds the window's own menus after it)."""
        if shiboken6.isValid(self.menu):
            self.menu.setTitle(_t("title", lang))
            mb = self.window.menuBar()
            mb.removeAction(self.menu.menuAction())
            mb.addAction(self.menu.menuAction())
        if shiboken6.isValid(self.action):
            self.action.setText(_t("edit_scenario", lang))
        if self.editor is not None and shiboken6.isValid(self.editor):
            self.editor.retranslate(lang)
            self._title()


def install_scenario_editor(window) -> ScenarioEditorHost:
    """Add Scenario > Edit scenario… (场景 > 编辑场景…) to an editor window; kept as
    ``window.scenario_editor``. Installing twice gives the same menu."""
    old = getattr(window, "scenario_editor", None)
    if isinstance(old, ScenarioEditorHost) and shiboken6.isValid(old) and shiboken6.isValid(old.menu):
        return old
    host = ScenarioEditorHost(window)
    window.scenario_editor = host
    return host


__all__ = ["ScenarioEditor", "HourlyChart", "ScenarioEditorHost", "install_scenario_editor", "structure_problem",
           "parse_spans", "fmt_spans", "parse_params", "fmt_params"]
