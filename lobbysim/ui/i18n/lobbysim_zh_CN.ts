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
        <source>comparison of {n} variants done (differences to {base})</source>
        <translation>{n}个方案比较完成（差异相对于{base}）</translation>
    </message>
    <message>
        <source>comparison done (B = the other layout)</source>
        <translation>比较完成（B = 另一布局）</translation>
    </message>
    <message>
        <source>{clock}  inside {inside}  queue {queue}</source>
        <translation>{clock}  厅内 {inside} 人  排队 {queue} 人</translation>
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
</context>
<context>
    <name>SightOverlay</name>
    <message>
        <source>Sightlines of the selected staff</source>
        <translation>所选员工视线范围</translation>
    </message>
</context>
<context>
    <name>ReplayPlayer</name>
    <message>
        <source>Play / pause the replay</source>
        <translation>播放/暂停回放</translation>
    </message>
</context>
</TS>
