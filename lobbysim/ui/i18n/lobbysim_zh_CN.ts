<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EditorWindow</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Open sample</source>
        <translation>打开示例</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Fit to plan</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Elements</source>
        <translation>元素</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Walking</source>
        <translation>步行距离</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>no problems found</source>
        <translation>未发现问题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Simulate</source>
        <translation>模拟</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>最近文件</translation>
    </message>
    <message>
        <source>Import DXF…</source>
        <translation>导入 DXF…</translation>
    </message>
    <message>
        <source>{path}: nothing to import on the chosen layers</source>
        <translation>{path}：所选图层上没有可导入的内容</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <source>Rotate 90°</source>
        <translation>旋转 90°</translation>
    </message>
    <message>
        <source>Align</source>
        <translation>对齐</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Compare with…</source>
        <translation>与…对比</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <source>scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>reps</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>95% CI</source>
        <translation>95%置信区间</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>running {reps} replication(s) of {day}…</source>
        <translation>正在运行{day}的{reps}次重复模拟…</translation>
    </message>
    <message>
        <source>{reps} replication(s) of {day} done</source>
        <translation>{day}的{reps}次重复模拟已完成</translation>
    </message>
    <message>
        <source>comparing {n} variants on {reps} replication(s) of {day}…</source>
        <translation>正在以{day}的{reps}次重复模拟比较{n}个方案…</translation>
    </message>
    <message>
        <source>{variant}: {sid} works at {desk} ({post} is not on this layout)</source>
        <translation>{variant}：{sid} 的岗位 {post} 不在该布局中，改在 {desk} 工作</translation>
    </message>
    <message>
        <source>comparison of {n} variants done (differences to {base})</source>
        <translation>{n}个方案比较完成（差异相对于{base}）</translation>
    </message>
    <message>
        <source>comparison done (B = the other layout)</source>
        <translation>比较完成（B = 另一布局）</translation>
    </message>
    <message>
        <source>report written: {pages} pages</source>
        <translation>报告已生成：共{pages}页</translation>
    </message>
    <message>
        <source>Compare variants…</source>
        <translation>比较多个方案…</translation>
    </message>
    <message>
        <source>Assign staff to posts…</source>
        <translation>员工岗位分配…</translation>
    </message>
    <message>
        <source>no path</source>
        <translation>无通路</translation>
    </message>
    <message>
        <source>Align left</source>
        <translation>左对齐</translation>
    </message>
    <message>
        <source>Align right</source>
        <translation>右对齐</translation>
    </message>
    <message>
        <source>Align top</source>
        <translation>顶端对齐</translation>
    </message>
    <message>
        <source>Align bottom</source>
        <translation>底端对齐</translation>
    </message>
    <message>
        <source>Centre horizontally</source>
        <translation>水平居中</translation>
    </message>
    <message>
        <source>Centre vertically</source>
        <translation>垂直居中</translation>
    </message>
    <message>
        <source>boundary</source>
        <translation>外墙</translation>
    </message>
    <message>
        <source>wall</source>
        <translation>墙</translation>
    </message>
    <message>
        <source>pillar</source>
        <translation>柱</translation>
    </message>
    <message>
        <source>entrance</source>
        <translation>出入口</translation>
    </message>
    <message>
        <source>area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>post</source>
        <translation>岗位区</translation>
    </message>
    <message>
        <source>fixture</source>
        <translation>设施</translation>
    </message>
    <message>
        <source>seat_block</source>
        <translation>座椅</translation>
    </message>
    <message>
        <source>name (Chinese)</source>
        <translation>名称（中文）</translation>
    </message>
    <message>
        <source>name (English)</source>
        <translation>名称（英文）</translation>
    </message>
    <message>
        <source>x (m)</source>
        <translation>x (米)</translation>
    </message>
    <message>
        <source>y (m)</source>
        <translation>y (米)</translation>
    </message>
    <message>
        <source>rotation (°)</source>
        <translation>旋转 (°)</translation>
    </message>
    <message>
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Seats 2x4</source>
        <translation>座椅 2x4</translation>
    </message>
    <message>
        <source>Compare with layout (B)</source>
        <translation>选择对比布局（B）</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>lobbysim did not close properly. Recover the unsaved changes from {name}?</source>
        <translation>lobbysim 上次未正常关闭。是否从 {name} 恢复未保存的修改？</translation>
    </message>
    <message>
        <source>Discard unsaved changes?</source>
        <translation>放弃未保存的修改？</translation>
    </message>
    <message>
        <source>Layouts</source>
        <translation>布局文件</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>场景文件</translation>
    </message>
    <message>
        <source>Wall layers</source>
        <translation>墙体图层</translation>
    </message>
    <message>
        <source>Outline layer (closed polyline becomes the boundary)</source>
        <translation>外轮廓图层（闭合多段线作为网点外墙）</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>this layout</source>
        <translation>本布局</translation>
    </message>
    <message>
        <source>choose at least two variants to compare</source>
        <translation>请至少选择两个方案进行比较</translation>
    </message>
    <message>
        <source>{name} (editor)</source>
        <translation>{name}（编辑器）</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Quick estimate</source>
        <translation>快速估算</translation>
    </message>
    <message>
        <source>wait for the current run to finish (or cancel it) first</source>
        <translation>请等当前运行结束（或取消）后再试</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>stopped: the drawing it was started on was closed</source>
        <translation>已停止：运行所用的图纸已关闭</translation>
    </message>
    <message>
        <source>stopped: another drawing was opened</source>
        <translation>已停止：打开了另一张图纸</translation>
    </message>
    <message>
        <source>writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <source>Choose the scenario file</source>
        <translation>选择场景文件</translation>
    </message>
    <message>
        <source>A simulation is still running. Stop it and close?</source>
        <translation>模拟仍在运行。停止模拟并关闭？</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>automatic (from the drawing)</source>
        <translation>自动（按图纸设置）</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Add replications until each watched KPI's 95% interval is within this share of its mean</source>
        <translation>持续增加重复次数，直至各关注指标的 95% 置信区间半宽不超过其均值的该比例</translation>
    </message>
    <message>
        <source>precise enough</source>
        <translation>已达到精度</translation>
    </message>
    <message>
        <source>stopped at the most replications</source>
        <translation>已达最多重复次数</translation>
    </message>
</context>
<context>
    <name>DetailsDock</name>
    <message>
        <source>Details</source>
        <translation>详细属性</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>width (m)</source>
        <translation>宽 (m)</translation>
    </message>
    <message>
        <source>depth (m)</source>
        <translation>深 (m)</translation>
    </message>
    <message>
        <source>service point</source>
        <translation>服务点</translation>
    </message>
    <message>
        <source>staff point</source>
        <translation>员工位</translation>
    </message>
    <message>
        <source>blocks sight</source>
        <translation>遮挡视线</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>排数</translation>
    </message>
    <message>
        <source>seats per row</source>
        <translation>每排座位</translation>
    </message>
    <message>
        <source>seat width (m)</source>
        <translation>座宽 (m)</translation>
    </message>
    <message>
        <source>row pitch (m)</source>
        <translation>排距 (m)</translation>
    </message>
    <message>
        <source>post number</source>
        <translation>岗位号</translation>
    </message>
    <message>
        <source>thickness (m)</source>
        <translation>墙厚 (m)</translation>
    </message>
    <message>
        <source>direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>own</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>both</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>in</source>
        <translation>仅进</translation>
    </message>
    <message>
        <source>out</source>
        <translation>仅出</translation>
    </message>
</context>
<context>
    <name>ShapeTools</name>
    <message>
        <source>Area ▭</source>
        <translation>区域 ▭</translation>
    </message>
    <message>
        <source>Area ⬠</source>
        <translation>区域 ⬠</translation>
    </message>
    <message>
        <source>Wall</source>
        <translation>墙</translation>
    </message>
    <message>
        <source>Post zone</source>
        <translation>厅堂岗位区</translation>
    </message>
    <message>
        <source>Entrance</source>
        <translation>出入口</translation>
    </message>
    <message>
        <source>Shapes</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Draw an area: click two corners</source>
        <translation>绘制区域：点击两个对角</translation>
    </message>
    <message>
        <source>Draw an area: click each corner, double-click the last</source>
        <translation>绘制区域：依次点击各角，双击最后一个角</translation>
    </message>
    <message>
        <source>Draw a wall: click each point, double-click or Enter to end</source>
        <translation>绘制墙：依次点击各点，双击或回车结束</translation>
    </message>
    <message>
        <source>Draw a lobby post zone: click two corners</source>
        <translation>绘制厅堂岗位区：点击两个对角</translation>
    </message>
    <message>
        <source>Draw an entrance: click both ends on a wall or the outline</source>
        <translation>绘制出入口：在墙或外墙上点击两端</translation>
    </message>
    <message>
        <source>Kind of the areas drawn</source>
        <translation>所绘区域的类型</translation>
    </message>
</context>
<context>
    <name>Background</name>
    <message>
        <source>Background</source>
        <translation>底图</translation>
    </message>
    <message>
        <source>Load image…</source>
        <translation>载入底图…</translation>
    </message>
    <message>
        <source>Calibrate (click two points)</source>
        <translation>两点校准</translation>
    </message>
    <message>
        <source>Opacity…</source>
        <translation>透明度…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除底图</translation>
    </message>
    <message>
        <source>Load a background image first.</source>
        <translation>请先载入底图。</translation>
    </message>
    <message>
        <source>Real distance between the two points (m):</source>
        <translation>两点之间的实际距离（米）：</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Opacity (%):</source>
        <translation>透明度（%）：</translation>
    </message>
</context>
<context>
    <name>SightOverlay</name>
    <message>
        <source>Sightlines of the selected staff</source>
        <translation>所选员工视线范围</translation>
    </message>
    <message>
        <source>Sightlines</source>
        <translation>视线范围</translation>
    </message>
    <message>
        <source>what the selected staff member sees</source>
        <translation>所选员工能看到的区域</translation>
    </message>
</context>
<context>
    <name>ReplayPlayer</name>
    <message>
        <source>Play / pause the replay</source>
        <translation>播放/暂停回放</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>{clock}  inside {inside}  queue {queue}</source>
        <translation>{clock}  厅内 {inside} 人  排队 {queue} 人</translation>
    </message>
    <message>
        <source>Simulated seconds per second</source>
        <translation>每秒回放的模拟秒数</translation>
    </message>
    <message>
        <source>Replay: staff ringed in black</source>
        <translation>回放（黑圈为员工）</translation>
    </message>
</context>
<context>
    <name>Compare</name>
    <message>
        <source>Compare variants</source>
        <translation>比较方案</translation>
    </message>
    <message>
        <source>Each row is a variant: a layout (the drawing in the editor or a file) with a scenario. All run on the same customers; differences are to the first row.</source>
        <translation>每一行是一个方案：布局（编辑器中的图纸或文件）加场景。所有方案使用同一批客户；差异均相对第一行。</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Add layout…</source>
        <translation>添加布局…</translation>
    </message>
    <message>
        <source>Add scenario…</source>
        <translation>添加场景…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>(the drawing in the editor)</source>
        <translation>（编辑器中的图纸）</translation>
    </message>
    <message>
        <source>(the scenario of the Simulate dock)</source>
        <translation>（模拟面板所选场景）</translation>
    </message>
    <message>
        <source>Layouts</source>
        <translation>布局文件</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>场景文件</translation>
    </message>
</context>
<context>
    <name>Assign</name>
    <message>
        <source>Assign staff to posts</source>
        <translation>员工岗位分配</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Replications</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <source>Confirm best</source>
        <translation>复核前几名</translation>
    </message>
    <message>
        <source>Most assignments to try</source>
        <translation>最多尝试方案数</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Apply selected…</source>
        <translation>应用所选方案…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>95% CI</source>
        <translation>95%置信区间</translation>
    </message>
    <message>
        <source>Confirmed mean</source>
        <translation>复核均值</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>{n} assignments ranked by {objective}; the best {k} confirmed with more replications</source>
        <translation>已按{objective}排序{n}种分配；前{k}名已用更多重复次数复核</translation>
    </message>
    <message>
        <source>scenario saved as {path}; the Simulate dock now uses it</source>
        <translation>场景已保存为 {path}，模拟面板已改用该场景</translation>
    </message>
    <message>
        <source>Select a row of the ranking first</source>
        <translation>请先在排名中选择一行</translation>
    </message>
    <message>
        <source>wait for the current run to finish (or cancel it) first</source>
        <translation>请等当前运行结束（或取消）后再试</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>场景文件</translation>
    </message>
</context>
<context>
    <name>Results</name>
    <message>
        <source>Customer flow</source>
        <translation>客户动线图</translation>
    </message>
    <message>
        <source>Staff paths</source>
        <translation>员工走动轨迹</translation>
    </message>
    <message>
        <source>Occupancy heat map</source>
        <translation>客户停留热力图</translation>
    </message>
    <message>
        <source>Waits</source>
        <translation>客户等候</translation>
    </message>
    <message>
        <source>Staff time</source>
        <translation>员工时间分配</translation>
    </message>
    <message>
        <source>KPI table</source>
        <translation>关键指标对比</translation>
    </message>
    <message>
        <source>{day} KPIs</source>
        <translation>{day} 指标</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>95% low</source>
        <translation>95%下限</translation>
    </message>
    <message>
        <source>95% high</source>
        <translation>95%上限</translation>
    </message>
    <message>
        <source>{day} values</source>
        <translation>{day} 数值</translation>
    </message>
    <message>
        <source>{day} B-A</source>
        <translation>{day} 对比</translation>
    </message>
    <message>
        <source>{day} comparison</source>
        <translation>{day} 对比</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>No results yet: run a simulation or a comparison in the Simulate dock.</source>
        <translation>还没有结果：在“模拟”面板中运行一次模拟或对比。</translation>
    </message>
    <message>
        <source>This run kept no records to draw.</source>
        <translation>这次运行没有保存可绘图的记录。</translation>
    </message>
    <message>
        <source>Cannot draw this chart: {error}</source>
        <translation>无法绘制此图：{error}</translation>
    </message>
    <message>
        <source>Export figures</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>PNG images</source>
        <translation>PNG 图片</translation>
    </message>
    <message>
        <source>SVG drawings</source>
        <translation>SVG 矢量图</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Figures (PNG/SVG)…</source>
        <translation>图表（PNG/SVG）…</translation>
    </message>
    <message>
        <source>Tables (XLSX)…</source>
        <translation>表格（XLSX）…</translation>
    </message>
    <message>
        <source>Nothing to export yet: run a simulation in the Simulate dock first.</source>
        <translation>还没有可导出的结果：请先在“模拟”面板中运行一次模拟。</translation>
    </message>
    <message>
        <source>Export tables</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>{n} figures written to {folder}</source>
        <translation>已写入 {n} 个图表到 {folder}</translation>
    </message>
    <message>
        <source>wait for the current run to finish, then export</source>
        <translation>请等当前运行结束后再导出</translation>
    </message>
    <message>
        <source>exporting figures…</source>
        <translation>正在导出图表…</translation>
    </message>
    <message>
        <source>Tables written to {path}</source>
        <translation>表格已写入 {path}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The result has no charts to export (the run kept no records).</source>
        <translation>该结果没有可导出的图表（运行未保存记录）。</translation>
    </message>
    <message>
        <source>Reset original view</source>
        <translation>恢复原始视图</translation>
    </message>
    <message>
        <source>Back to previous view</source>
        <translation>返回上一视图</translation>
    </message>
    <message>
        <source>Forward to next view</source>
        <translation>前进到下一视图</translation>
    </message>
    <message>
        <source>Pan: drag with the left button; zoom: drag with the right button</source>
        <translation>平移：按住左键拖动；缩放：按住右键拖动</translation>
    </message>
    <message>
        <source>Zoom to a rectangle</source>
        <translation>框选放大</translation>
    </message>
    <message>
        <source>Margins of the chart</source>
        <translation>图表边距</translation>
    </message>
    <message>
        <source>Axes, lines and images</source>
        <translation>坐标轴、线条和图像</translation>
    </message>
    <message>
        <source>Save the chart as a file</source>
        <translation>将图表保存为文件</translation>
    </message>
</context>
<context>
    <name>ResultOverlays</name>
    <message>
        <source>Result: occupancy heat map</source>
        <translation>结果：客户停留热力图</translation>
    </message>
    <message>
        <source>Result: customer flow lines</source>
        <translation>结果：客户动线</translation>
    </message>
    <message>
        <source>Result: staff paths</source>
        <translation>结果：员工走动轨迹</translation>
    </message>
    <message>
        <source>No simulation result of this drawing to show: run a simulation first.</source>
        <translation>没有可叠加的模拟结果：请先运行模拟。</translation>
    </message>
    <message>
        <source>Occupancy: customer-minutes per m² per day, peak {peak:.0f} (mean of {reps} replications)</source>
        <translation>客户停留热力图：每平方米每日客户停留分钟数，峰值 {peak:.0f}（{reps} 次重复的平均）</translation>
    </message>
    <message>
        <source>{business} ({purpose}): {per_day:.1f} a day</source>
        <translation>{business}（{purpose}）：每日 {per_day:.1f} 人</translation>
    </message>
    <message>
        <source>Customer flows: width by customers a day, colour by business, dashed: leaving</source>
        <translation>客户动线：线宽与每日客户数成正比，颜色表示业务类型，虚线为离店</translation>
    </message>
    <message>
        <source>Staff paths: {n} staff, {metres:.0f} m in all (replication 1)</source>
        <translation>员工走动轨迹：{n} 人，合计 {metres:.0f} 米（第 1 次重复）</translation>
    </message>
    <message>
        <source>The overlays show the last run, from before your latest edits: run again to update them.</source>
        <translation>叠加图显示的是最近一次运行（在您最近的修改之前）：请重新运行以更新。</translation>
    </message>
    <message>
        <source>to the ticket dispenser</source>
        <translation>去取号机</translation>
    </message>
    <message>
        <source>to a seat</source>
        <translation>去座位</translation>
    </message>
    <message>
        <source>to a place to stand</source>
        <translation>去站立等候处</translation>
    </message>
    <message>
        <source>to the counter</source>
        <translation>去柜台</translation>
    </message>
    <message>
        <source>to a machine</source>
        <translation>去自助设备</translation>
    </message>
    <message>
        <source>leaving</source>
        <translation>离店</translation>
    </message>
    <message>
        <source>Occupancy (customer-minutes per m² a day)</source>
        <translation>客户停留（每平方米每日客户分钟数）</translation>
    </message>
    <message>
        <source>Customer flows (width: customers a day)</source>
        <translation>客户动线（线宽：每日客户数）</translation>
    </message>
    <message>
        <source>Staff paths</source>
        <translation>员工走动轨迹</translation>
    </message>
</context>
<context>
    <name>ScenarioEditor</name>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Scenario name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>(not saved yet)</source>
        <translation>（尚未保存）</translation>
    </message>
    <message>
        <source>Staff roster</source>
        <translation>人员排班</translation>
    </message>
    <message>
        <source>Demand</source>
        <translation>客流</translation>
    </message>
    <message>
        <source>Business mix</source>
        <translation>业务结构</translation>
    </message>
    <message>
        <source>Behaviour and policies</source>
        <translation>行为与策略</translation>
    </message>
    <message>
        <source>Add staff member</source>
        <translation>添加员工</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>岗位角色</translation>
    </message>
    <message>
        <source>Serves at counter</source>
        <translation>服务柜台</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>办公桌</translation>
    </message>
    <message>
        <source>Lobby post</source>
        <translation>厅堂岗位</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Breaks (lunch)</source>
        <translation>休息（午餐）</translation>
    </message>
    <message>
        <source>Can do</source>
        <translation>职能</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Customers on a day with factor 1</source>
        <translation>日客流量（系数 1 时）</translation>
    </message>
    <message>
        <source>Date factor (holidays, paydays)</source>
        <translation>日期系数（节假日、发薪日）</translation>
    </message>
    <message>
        <source>Day factors</source>
        <translation>星期系数</translation>
    </message>
    <message>
        <source>Factor</source>
        <translation>系数</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客流量</translation>
    </message>
    <message>
        <source>Hourly shares of a day's arrivals (%): drag a bar to set it</source>
        <translation>分时到达占比（%）：拖动柱子调整</translation>
    </message>
    <message>
        <source>First hour</source>
        <translation>起始小时</translation>
    </message>
    <message>
        <source>+ hour</source>
        <translation>+ 小时</translation>
    </message>
    <message>
        <source>− hour</source>
        <translation>− 小时</translation>
    </message>
    <message>
        <source>Scale to 100 %</source>
        <translation>归一到 100 %</translation>
    </message>
    <message>
        <source>Sum {s:.2f} % (scaled to 100 % on save)</source>
        <translation>合计 {s:.2f} %（保存时归一到 100 %）</translation>
    </message>
    <message>
        <source>outside opening hours</source>
        <translation>营业时间外</translation>
    </message>
    <message>
        <source>Add business</source>
        <translation>添加业务</translation>
    </message>
    <message>
        <source>Sum of shares {s:.4f} (must be 1)</source>
        <translation>业务占比合计 {s:.4f}（须为 1）</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name (Chinese)</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Share (0–1)</source>
        <translation>占比 (0–1)</translation>
    </message>
    <message>
        <source>Served at (fixture kinds)</source>
        <translation>办理设施类型</translation>
    </message>
    <message>
        <source>Service time</source>
        <translation>服务时间分布</translation>
    </message>
    <message>
        <source>Parameters (min)</source>
        <translation>参数（分钟）</translation>
    </message>
    <message>
        <source>VIP share</source>
        <translation>贵宾占比</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>营销转化率</translation>
    </message>
    <message>
        <source>Authorisation</source>
        <translation>需授权</translation>
    </message>
    <message>
        <source>Triage</source>
        <translation>可分流</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>The scenario is valid.</source>
        <translation>场景有效。</translation>
    </message>
    <message>
        <source>Valid; but on the current layout: {m}</source>
        <translation>场景有效；但在当前平面图上：{m}</translation>
    </message>
    <message>
        <source>Saved {p}</source>
        <translation>已保存 {p}</translation>
    </message>
    <message>
        <source>Not saved: {m}</source>
        <translation>未保存：{m}</translation>
    </message>
    <message>
        <source>Discard the unsaved changes to the scenario?</source>
        <translation>放弃对场景的未保存修改？</translation>
    </message>
    <message>
        <source>Edit scenario…</source>
        <translation>编辑场景…</translation>
    </message>
    <message>
        <source>Scenarios (*.json)</source>
        <translation>场景文件 (*.json)</translation>
    </message>
    <message>
        <source>09:00–17:00; … (empty: the opening hours)</source>
        <translation>09:00–17:00; …（空：营业时间）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>authorise</source>
        <translation>授权</translation>
    </message>
    <message>
        <source>counter authorisation</source>
        <translation>柜面授权</translation>
    </message>
    <message>
        <source>market</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>outbound calls</source>
        <translation>外呼</translation>
    </message>
    <message>
        <source>cover</source>
        <translation>补位</translation>
    </message>
    <message>
        <source>greet, triage</source>
        <translation>迎宾分流</translation>
    </message>
    <message>
        <source>opening hours</source>
        <translation>营业时间</translation>
    </message>
    <message>
        <source>opens</source>
        <translation>开门</translation>
    </message>
    <message>
        <source>closes</source>
        <translation>关门</translation>
    </message>
    <message>
        <source>max. minutes to finish the queue</source>
        <translation>关门后最多服务分钟</translation>
    </message>
    <message>
        <source>customer behaviour</source>
        <translation>客户行为</translation>
    </message>
    <message>
        <source>walking speed (m/s)</source>
        <translation>步行速度 (m/s)</translation>
    </message>
    <message>
        <source>share over 65</source>
        <translation>老年客户占比</translation>
    </message>
    <message>
        <source>walking speed over 65</source>
        <translation>老年步速</translation>
    </message>
    <message>
        <source>patience before leaving (min)</source>
        <translation>耐心时间（分钟）</translation>
    </message>
    <message>
        <source>balking</source>
        <translation>望队离开</translation>
    </message>
    <message>
        <source>tickets ahead that make one leave</source>
        <translation>离开阈值（前面人数）</translation>
    </message>
    <message>
        <source>share of tickets called in vain</source>
        <translation>过号比例</translation>
    </message>
    <message>
        <source>seconds lost per absent number</source>
        <translation>过号耗时（秒）</translation>
    </message>
    <message>
        <source>share raising an arrival alert</source>
        <translation>智迎客识别比例</translation>
    </message>
    <message>
        <source>areas to sit in</source>
        <translation>就座区域</translation>
    </message>
    <message>
        <source>policies</source>
        <translation>管理策略</translation>
    </message>
    <message>
        <source>simulate walking</source>
        <translation>模拟走动</translation>
    </message>
    <message>
        <source>staff walking speed (m/s)</source>
        <translation>员工步速 (m/s)</translation>
    </message>
    <message>
        <source>greeting and triage at the door</source>
        <translation>门口迎宾与分流</translation>
    </message>
    <message>
        <source>greeting (min)</source>
        <translation>迎宾时间（分钟）</translation>
    </message>
    <message>
        <source>share diverted to smart counters</source>
        <translation>分流至智能柜台比例</translation>
    </message>
    <message>
        <source>staff authorisation</source>
        <translation>授权</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>when, as a fraction of the service</source>
        <translation>授权时点（服务进度）</translation>
    </message>
    <message>
        <source>lobby marketing</source>
        <translation>厅堂营销</translation>
    </message>
    <message>
        <source>contact length (min)</source>
        <translation>营销时长（分钟）</translation>
    </message>
    <message>
        <source>share open to a contact</source>
        <translation>接触率</translation>
    </message>
    <message>
        <source>time at a staffed counter over 65 (times)</source>
        <translation>65岁以上客户柜台办理时长（倍）</translation>
    </message>
    <message>
        <source>share over 65 refusing the smart counter</source>
        <translation>65岁以上客户拒用智能柜台比例</translation>
    </message>
    <message>
        <source>patience when standing (share)</source>
        <translation>站立等候时的耐心（比例）</translation>
    </message>
    <message>
        <source>remote authorisation (no walk)</source>
        <translation>远程授权（无需走动）</translation>
    </message>
    <message>
        <source>walk at which half would go (m)</source>
        <translation>一半人愿意走的距离 (m)</translation>
    </message>
    <message>
        <source>how sharply that falls with the walk</source>
        <translation>随距离下降的陡度</translation>
    </message>
    <message>
        <source>shortest contact worth the walk (min)</source>
        <translation>值得走过去的最短接触 (min)</translation>
    </message>
    <message>
        <source>shortest call worth the walk (min)</source>
        <translation>值得走过去的最短外呼 (min)</translation>
    </message>
    <message>
        <source>shared call list</source>
        <translation>共享外呼名单</translation>
    </message>
    <message>
        <source>numbers on the list</source>
        <translation>名单号码数</translation>
    </message>
    <message>
        <source>working days to call them in</source>
        <translation>完成名单的工作日数</translation>
    </message>
    <message>
        <source>day-to-day variation of task times (cv)</source>
        <translation>任务时长的日间变异系数</translation>
    </message>
    <message>
        <source>flexible rota, outbound calls</source>
        <translation>弹性排班、外呼</translation>
    </message>
    <message>
        <source>on</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>idle minutes before calling</source>
        <translation>空闲多久开始外呼（分钟）</translation>
    </message>
    <message>
        <source>customers waiting that call one back</source>
        <translation>多少人等候即返回柜台</translation>
    </message>
    <message>
        <source>call length (min)</source>
        <translation>外呼时长（分钟）</translation>
    </message>
    <message>
        <source>call outcomes</source>
        <translation>外呼结果</translation>
    </message>
    <message>
        <source>cover protocol</source>
        <translation>补位联动</translation>
    </message>
    <message>
        <source>operations VP</source>
        <translation>内勤行长</translation>
    </message>
    <message>
        <source>daily tasks</source>
        <translation>每日事务</translation>
    </message>
    <message>
        <source>micro-salons</source>
        <translation>微沙龙</translation>
    </message>
    <message>
        <source>where values come from</source>
        <translation>参数来源说明</translation>
    </message>
    <message>
        <source>distribution</source>
        <translation>分布</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>coefficient of variation</source>
        <translation>变异系数</translation>
    </message>
    <message>
        <source>standard deviation</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>shape</source>
        <translation>形状参数</translation>
    </message>
    <message>
        <source>place inside the counter area</source>
        <translation>柜内工作位置</translation>
    </message>
    <message>
        <source>Service time at particular fixture kinds</source>
        <translation>特定设施类型的办理时长</translation>
    </message>
    <message>
        <source>Transaction steps</source>
        <translation>业务步骤</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>at</source>
        <translation>办理于</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>添加步骤</translation>
    </message>
    <message>
        <source>Remove step</source>
        <translation>删除步骤</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Plain service time</source>
        <translation>不分步（按服务时长）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时长分布</translation>
    </message>
    <message>
        <source>Needs staff</source>
        <translation>需员工到场</translation>
    </message>
    <message>
        <source>Share of transactions (0–1)</source>
        <translation>发生比例（0–1）</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>无需</translation>
    </message>
    <message>
        <source>authorisation (smart counter)</source>
        <translation>授权（智能柜台）</translation>
    </message>
    <message>
        <source>counter authorisation (supervisor)</source>
        <translation>柜面授权（主管）</translation>
    </message>
    <message>
        <source>The business's own steps at this fixture kind.</source>
        <translation>该业务在此类设施上的自定步骤。</translation>
    </message>
    <message>
        <source>Derived from the service time and the Authorisation flag; an edit writes them as steps (the two parts of the service are then drawn independently).</source>
        <translation>由服务时长和“授权”标记推得；修改后将写为步骤（服务的前后两段随后分别独立抽样）。</translation>
    </message>
    <message>
        <source>One step: the plain service time; an edit writes it as steps.</source>
        <translation>单一步骤：即服务时长；修改后将写为步骤。</translation>
    </message>
    <message>
        <source>Mean time of the transaction here: {m:.2f} min (waits for staff not counted)</source>
        <translation>此处业务平均时长：{m:.2f} 分钟（不含等候员工的时间）</translation>
    </message>
    <message>
        <source>Step not changed: {m}</source>
        <translation>步骤未修改：{m}</translation>
    </message>
    <message>
        <source>new step</source>
        <translation>新步骤</translation>
    </message>
    <message>
        <source>empty: every transaction has the step</source>
        <translation>留空：每笔业务都有此步骤</translation>
    </message>
    <message>
        <source>mean=5, cv=0.8 (minutes); a fixed time: value=1</source>
        <translation>mean=5, cv=0.8（分钟）；固定时长：value=1</translation>
    </message>
</context>
<context>
    <name>KpiTable</name>
    <message>
        <source>KPI</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>95% CI</source>
        <translation>95%置信区间</translation>
    </message>
    <message>
        <source>B-A</source>
        <translation>差值（B−A）</translation>
    </message>
    <message>
        <source>95% CI of B-A</source>
        <translation>差值的95%置信区间</translation>
    </message>
    <message>
        <source>verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>{name} ({unit})</source>
        <translation>{name}（{unit}）</translation>
    </message>
</context>
<context>
    <name>QueueLogImport</name>
    <message>
        <source>Import queue log…</source>
        <translation>导入叫号机日志…</translation>
    </message>
    <message>
        <source>Import queue log</source>
        <translation>导入叫号机日志</translation>
    </message>
    <message>
        <source>Queue log</source>
        <translation>叫号机日志</translation>
    </message>
    <message>
        <source>Base scenario</source>
        <translation>基础情景</translation>
    </message>
    <message>
        <source>Write scenario to</source>
        <translation>情景保存到</translation>
    </message>
    <message>
        <source>a fifth of the days</source>
        <translation>五分之一的天数</translation>
    </message>
    <message>
        <source>Days held out for the model check</source>
        <translation>留作模型检验的天数</translation>
    </message>
    <message>
        <source>First rows (columns not read are masked)</source>
        <translation>前几行（不读取的列已遮盖）</translation>
    </message>
    <message>
        <source>Which column holds what</source>
        <translation>各字段所在的列</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Calibrate</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Encoding: {enc}</source>
        <translation>编码：{enc}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Calibrating…</source>
        <translation>正在校准…</translation>
    </message>
    <message>
        <source>Cancelled: no scenario was written.</source>
        <translation>已取消：未写入情景文件。</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>票号</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <source>Ticket issued</source>
        <translation>取号时间</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>叫号时间</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>办结时间</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Service started</source>
        <translation>开始办理时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Customer class</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>DeckExport</name>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Export deck…</source>
        <translation>导出汇报材料（PPT）…</translation>
    </message>
    <message>
        <source>Export deck</source>
        <translation>导出汇报材料（PPT）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Compare with layout (B)</source>
        <translation>对比布局（B）</translation>
    </message>
    <message>
        <source>Language of the slides</source>
        <translation>幻灯片语言</translation>
    </message>
    <message>
        <source>built-in style</source>
        <translation>内置样式</translation>
    </message>
    <message>
        <source>Template (optional)</source>
        <translation>模板（可选）</translation>
    </message>
    <message>
        <source>Write deck to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose layout B and the file to write.</source>
        <translation>请选择布局 B 和保存的文件。</translation>
    </message>
    <message>
        <source>Simulating and drawing the slides…</source>
        <translation>正在模拟并生成幻灯片…</translation>
    </message>
    <message>
        <source>Deck written: {slides} slides.</source>
        <translation>已生成汇报材料：共 {slides} 页。</translation>
    </message>
    <message>
        <source>Cancelled: no deck was written.</source>
        <translation>已取消：未生成文件。</translation>
    </message>
</context>
<context>
    <name>Robustness</name>
    <message>
        <source>Robustness</source>
        <translation>稳健性分析</translation>
    </message>
    <message>
        <source>Robustness…</source>
        <translation>稳健性分析…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Compare with layout (B)</source>
        <translation>对比布局（B）</translation>
    </message>
    <message>
        <source>Parameter sets</source>
        <translation>参数组数</translation>
    </message>
    <message>
        <source>Latin hypercube</source>
        <translation>拉丁超立方</translation>
    </message>
    <message>
        <source>Sobol' (a power of two sets)</source>
        <translation>Sobol' 序列（组数为 2 的幂）</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>抽样设计</translation>
    </message>
    <message>
        <source>The scenario, days, replications and seed are the Simulate dock's; each parameter set is drawn over the scenario's ranges and compared on the same customers.</source>
        <translation>情景、模拟日、重复次数和随机种子取自“模拟”面板；每组参数在情景文件给出的合理范围内抽取，两方案在同一批客户上比较。</translation>
    </message>
    <message>
        <source>Drivers on</source>
        <translation>影响因素：日期</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose layout B.</source>
        <translation>请选择布局 B。</translation>
    </message>
    <message>
        <source>Simulating {n} parameter sets…</source>
        <translation>正在模拟 {n} 组参数…</translation>
    </message>
    <message>
        <source>{valid} of {n} parameter sets compared, {reps} replications each.</source>
        <translation>已比较 {n} 组参数中的 {valid} 组，每组重复 {reps} 次。</translation>
    </message>
    <message>
        <source>set</source>
        <translation>参数组</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Written: {files}</source>
        <translation>已写入：{files}</translation>
    </message>
    <message>
        <source>Excel workbook</source>
        <translation>Excel 工作簿</translation>
    </message>
</context>
<context>
    <name>Suggest</name>
    <message>
        <source>Suggest placements…</source>
        <translation>布局优化建议…</translation>
    </message>
    <message>
        <source>Suggest placements</source>
        <translation>布局优化建议</translation>
    </message>
    <message>
        <source>Movable elements</source>
        <translation>可移动的元素</translation>
    </message>
    <message>
        <source>Use the plan's selection</source>
        <translation>采用平面图上的选择</translation>
    </message>
    <message>
        <source>Draw the posts the scenario's staff stand at</source>
        <translation>绘制情景中员工所在的厅堂岗位</translation>
    </message>
    <message>
        <source>Objectives</source>
        <translation>优化目标</translation>
    </message>
    <message>
        <source>Candidates to simulate</source>
        <translation>模拟的候选方案数</translation>
    </message>
    <message>
        <source>Aisle width (m)</source>
        <translation>通道宽度（米）</translation>
    </message>
    <message>
        <source>Keep fixtures in areas of their kind</source>
        <translation>设施保持在同类功能区内</translation>
    </message>
    <message>
        <source>Most changes</source>
        <translation>最多改动数</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Open results…</source>
        <translation>打开搜索结果…</translation>
    </message>
    <message>
        <source>Results of lobbysim suggest --json</source>
        <translation>lobbysim suggest --json 的结果文件</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>Gain (minimum effects)</source>
        <translation>收益（以最小效应计）</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>{n} candidates simulated on the same customers as the drawing; the best {k} confirmed on fresh ones</source>
        <translation>已在与当前图纸相同的客户上模拟 {n} 个候选方案；最好的 {k} 个已在新一批客户上确认</translation>
    </message>
    <message>
        <source>no layout found that beats the drawing on the objectives within the constraints</source>
        <translation>在约束条件内未找到在目标上优于当前图纸的布局</translation>
    </message>
    <message>
        <source>suggestion {rank} applied (Edit &gt; Undo takes it back in one step)</source>
        <translation>已应用建议 {rank}（编辑 &gt; 撤销可一步撤回）</translation>
    </message>
    <message>
        <source>Select a suggestion first</source>
        <translation>请先选择一条建议</translation>
    </message>
    <message>
        <source>wait for the current run to finish (or cancel it) first</source>
        <translation>请等待当前运行结束（或取消）</translation>
    </message>
    <message>
        <source>the drawing has changed since the search; search again</source>
        <translation>搜索后图纸已改动，请重新搜索</translation>
    </message>
    <message>
        <source>tick at least one movable element (or draw the posts) and one objective</source>
        <translation>请至少勾选一个可移动元素（或绘制岗位）和一个目标</translation>
    </message>
    <message>
        <source>move {id} to ({x}, {y})</source>
        <translation>将 {id} 移至 ({x}, {y})</translation>
    </message>
    <message>
        <source>turned to {r}°</source>
        <translation>转至 {r}°</translation>
    </message>
    <message>
        <source>move {id} by ({dx}, {dy}) m</source>
        <translation>将 {id} 平移 ({dx}, {dy}) 米</translation>
    </message>
    <message>
        <source>draw {id}</source>
        <translation>绘制 {id}</translation>
    </message>
    <message>
        <source>Apply suggestion {rank}</source>
        <translation>应用建议 {rank}</translation>
    </message>
    <message>
        <source>Basic</source>
        <translation>基本设置</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级设置</translation>
    </message>
    <message>
        <source>Weights of the objectives</source>
        <translation>各目标的权重</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Cost of each change (minimum effects)</source>
        <translation>每项改动的代价（以最小效应计）</translation>
    </message>
    <message>
        <source>First-stage sampler</source>
        <translation>第一阶段采样器</translation>
    </message>
    <message>
        <source>CMA-ES (optuna)</source>
        <translation>CMA-ES 进化策略（optuna）</translation>
    </message>
    <message>
        <source>TPE (optuna)</source>
        <translation>TPE 树结构 Parzen 估计（optuna）</translation>
    </message>
    <message>
        <source>NSGA-II: objectives and number of changes</source>
        <translation>NSGA-II：兼顾各目标与改动数</translation>
    </message>
    <message>
        <source>Random search</source>
        <translation>随机搜索</translation>
    </message>
    <message>
        <source>Must not get worse</source>
        <translation>不得变差的指标</translation>
    </message>
    <message>
        <source>KPI[=tolerance], separated by commas; empty: the mean wait within its minimum effect; 'none': no guard</source>
        <translation>指标[=容差]，以逗号分隔；留空：平均等候时间的变差不超过其最小效应；'none'：不设约束</translation>
    </message>
    <message>
        <source>Kinds that never move</source>
        <translation>固定不动的设施类型</translation>
    </message>
</context>
</TS>
