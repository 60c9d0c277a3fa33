<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DayCloseDialog</name>
    <message>
        <source>Day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>书名</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>账面</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Also correct the ledger by the differences (adjustment with reason 'day close')</source>
        <translation>同时按差异调整账面（调整原因：日结差异）</translation>
    </message>
    <message>
        <source>Record day close</source>
        <translation>记录日结</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Count the books left on the van and enter the numbers.</source>
        <translation>清点车上剩余图书并填写数量。</translation>
    </message>
    <message>
        <source>Titles with a difference: {n}</source>
        <translation>有差异的书目：{n} 种</translation>
    </message>
    <message>
        <source>Count matches the ledger.</source>
        <translation>实点与账面一致。</translation>
    </message>
</context>
<context>
    <name>DeviceDialog</name>
    <message>
        <source>Set up this laptop</source>
        <translation>设置本机</translation>
    </message>
    <message>
        <source>e.g. Caravan No. 1</source>
        <translation>例如：科普大篷车1号</translation>
    </message>
    <message>
        <source>e.g. Van 1 laptop</source>
        <translation>例如：1号车笔记本</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Laptop name</source>
        <translation>本机名称</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Which van does this laptop travel with? Records made here are marked with it.</source>
        <translation>这台笔记本跟随哪辆大篷车？在本机录入的记录都会标注该车。</translation>
    </message>
</context>
<context>
    <name>DistributionPage</name>
    <message>
        <source>&amp;Hand out</source>
        <translation>发放(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Undo last entry</source>
        <translation>撤销上一条(&amp;U)</translation>
    </message>
    <message>
        <source>Hand out books</source>
        <translation>发放图书</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>书名</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>领取人</translation>
    </message>
    <message>
        <source>On the van</source>
        <translation>车上库存</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>册数</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Handed out at this visit</source>
        <translation>本次活动发放记录</translation>
    </message>
    <message>
        <source>over stock (confirmed)</source>
        <translation>超出库存（已确认）</translation>
    </message>
    <message>
        <source>undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>More than the van holds: you will be asked to confirm.</source>
        <translation>超过车上库存：提交时需要确认。</translation>
    </message>
    <message>
        <source>Total: {n}</source>
        <translation>合计：{n}</translation>
    </message>
    <message>
        <source>Hand out anyway? The override is recorded.</source>
        <translation>仍要发放吗？超额发放将被记录。</translation>
    </message>
    <message>
        <source>Not enough stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <source>Hand out anyway</source>
        <translation>仍然发放</translation>
    </message>
    <message>
        <source>Undo: {n} × 《{title}》 to {who}?</source>
        <translation>撤销：发给“{who}”的《{title}》{n} 册？</translation>
    </message>
    <message>
        <source>Undo last entry</source>
        <translation>撤销上一条</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Imported</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Imported {n} sites. Skipped {d} already there and {b} rows in error.</source>
        <translation>已导入 {n} 个学校/站点；跳过已存在 {d} 条、有错误 {b} 条。</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>CSV (UTF-8 or GBK) or Excel .xlsx, as county offices send them.</source>
        <translation>支持各县区报送的 CSV（UTF-8 或 GBK）或 Excel .xlsx 文件。</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>(from the file)</source>
        <translation>（按文件）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>County when the file has none</source>
        <translation>文件未填县市区时使用</translation>
    </message>
    <message>
        <source>Site list</source>
        <translation>学校/站点名单</translation>
    </message>
    <message>
        <source>Tables (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation>表格 (*.csv *.xlsx *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Reading the site list</source>
        <translation>正在读取名单</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import schools and sites</source>
        <translation>导入学校/站点</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Schools / sites</source>
        <translation>学校/站点</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Caravan Field Log</source>
        <translation>科普大篷车外勤系统</translation>
    </message>
    <message>
        <source>Van: {van} · Laptop: {name}</source>
        <translation>车辆：{van} · 本机：{name}</translation>
    </message>
    <message>
        <source>This laptop is not set up yet (Settings)</source>
        <translation>本机尚未设置（见“设置”）</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Check the preview</source>
        <translation>检查预览</translation>
    </message>
    <message>
        <source>Fix the column mapping if a column was not recognised. Rows in error are not imported.</source>
        <translation>如有列未识别，请调整列对应关系。有错误的行不会导入。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>File: {name}   Encoding: {enc}   Header in row {row}</source>
        <translation>文件：{name}　编码：{enc}　表头在第 {row} 行</translation>
    </message>
    <message>
        <source>will import</source>
        <translation>将导入</translation>
    </message>
    <message>
        <source>already there</source>
        <translation>已存在</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>To import: {ok}   Already there: {dup}   In error: {bad}</source>
        <translation>将导入：{ok}　已存在：{dup}　有错误：{bad}</translation>
    </message>
    <message>
        <source>Importing sites</source>
        <translation>正在导入学校/站点</translation>
    </message>
</context>
<context>
    <name>ReportsPlaceholder</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Completed visits: {v}
People served: {p}
Books handed out: {b}</source>
        <translation>已完成活动：{v} 场
服务人数：{p} 人次
发放图书：{b} 册</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Chinese font: {f}</source>
        <translation>中文字体：{f}</translation>
    </message>
    <message>
        <source>No Chinese font found: Chinese text may show as boxes.</source>
        <translation>未找到中文字体：中文可能显示为方框。</translation>
    </message>
    <message>
        <source>This laptop</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Laptop name</source>
        <translation>本机名称</translation>
    </message>
    <message>
        <source>Device id</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Latest backup: {p}</source>
        <translation>最近备份：{p}</translation>
    </message>
    <message>
        <source>Saved. The new language applies when the app starts next time.</source>
        <translation>已保存。下次启动程序时使用新语言。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backup saved: {p}</source>
        <translation>备份已保存：{p}</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
</context>
<context>
    <name>SigninListView</name>
    <message>
        <source>Search name or organisation</source>
        <translation>搜索姓名或单位</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Phone QR</source>
        <translation>手机扫码</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>胸卡</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手工录入</translation>
    </message>
    <message>
        <source>{n} signed in</source>
        <translation>已签到 {n} 人</translation>
    </message>
</context>
<context>
    <name>SigninPlaceholder</name>
    <message>
        <source>Sign-ins</source>
        <translation>签到记录</translation>
    </message>
    <message>
        <source>Quick sign-in by name is on the Today page.</source>
        <translation>按姓名快速签到请到“今日”页。</translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <source>Edit site</source>
        <translation>编辑学校/站点</translation>
    </message>
    <message>
        <source>New site</source>
        <translation>新建学校/站点</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县市区</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>乡镇(街道)</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>学生数</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SitesPage</name>
    <message>
        <source>Search name, town, address or contact</source>
        <translation>搜索名称、乡镇、地址或联系人</translation>
    </message>
    <message>
        <source>All counties</source>
        <translation>全部县市区</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县市区</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>乡镇(街道)</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>学生数</translation>
    </message>
    <message>
        <source>&amp;New site</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Import list…</source>
        <translation>导入名单(&amp;I)…</translation>
    </message>
    <message>
        <source>Schools / sites</source>
        <translation>学校/站点</translation>
    </message>
    <message>
        <source>{n} sites</source>
        <translation>共 {n} 个</translation>
    </message>
</context>
<context>
    <name>StartupWindow</name>
    <message>
        <source>Caravan Field Log</source>
        <translation>科普大篷车外勤系统</translation>
    </message>
    <message>
        <source>Opening the data…</source>
        <translation>正在打开数据…</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>Load onto the van</source>
        <translation>装车</translation>
    </message>
    <message>
        <source>Return (copies given back)</source>
        <translation>退回（发出后退还）</translation>
    </message>
    <message>
        <source>Unload to the depot</source>
        <translation>卸车（回库）</translation>
    </message>
    <message>
        <source>Adjust (correction)</source>
        <translation>调整（更正）</translation>
    </message>
    <message>
        <source>Transfer to another van</source>
        <translation>调拨到其他车辆</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>记录(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Day close…</source>
        <translation>日结(&amp;D)…</translation>
    </message>
    <message>
        <source>Stock movement</source>
        <translation>出入库</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>书名</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>To van</source>
        <translation>调入车辆</translation>
    </message>
    <message>
        <source>On the van</source>
        <translation>车上库存</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>Recipient / reason</source>
        <translation>领取人/原因</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Balance per title</source>
        <translation>各书目库存</translation>
    </message>
    <message>
        <source>Recent entries</source>
        <translation>最近记录</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Record it anyway? The override is recorded.</source>
        <translation>仍要记录吗？超出库存将被记录。</translation>
    </message>
    <message>
        <source>Not enough stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <source>Record anyway</source>
        <translation>仍然记录</translation>
    </message>
    <message>
        <source>{n} changes on this laptop are not synced yet. Sync first so the office sees today's work?</source>
        <translation>本机还有 {n} 条更改未同步。先同步，让办公室看到今天的工作吗？</translation>
    </message>
    <message>
        <source>Day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Go to Sync</source>
        <translation>去同步</translation>
    </message>
    <message>
        <source>Close the day anyway</source>
        <translation>直接日结</translation>
    </message>
    <message>
        <source>Day close recorded. Differences:</source>
        <translation>日结已记录。差异：</translation>
    </message>
    <message>
        <source>Day close recorded: the count matches the ledger.</source>
        <translation>日结已记录：实点与账面一致。</translation>
    </message>
</context>
<context>
    <name>SyncPlaceholder</name>
    <message>
        <source>Count again</source>
        <translation>重新统计</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Changes not yet synced: {n}</source>
        <translation>未同步的更改：{n} 条</translation>
    </message>
    <message>
        <source>Sync with the hub is not available in this version; all data stays on this laptop.</source>
        <translation>此版本尚不能与服务器同步；所有数据保存在本机。</translation>
    </message>
</context>
<context>
    <name>TaskStatus</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>&amp;Arrive</source>
        <translation>到达(&amp;A)</translation>
    </message>
    <message>
        <source>Record arrival at the school and start the visit</source>
        <translation>记录到达学校并开始活动</translation>
    </message>
    <message>
        <source>&amp;Complete visit</source>
        <translation>完成活动(&amp;C)</translation>
    </message>
    <message>
        <source>Hand out &amp;books</source>
        <translation>发放图书(&amp;B)</translation>
    </message>
    <message>
        <source>Sign-in &amp;QR</source>
        <translation>签到二维码(&amp;Q)</translation>
    </message>
    <message>
        <source>Phones sign in by scanning the visit's QR code</source>
        <translation>手机扫描本次活动的二维码签到</translation>
    </message>
    <message>
        <source>Head count by group</source>
        <translation>分类人数统计</translation>
    </message>
    <message>
        <source>step </source>
        <translation>每次 </translation>
    </message>
    <message>
        <source>Take away (Ctrl+Shift+{n})</source>
        <translation>减少（Ctrl+Shift+{n}）</translation>
    </message>
    <message>
        <source>Add (key {n})</source>
        <translation>增加（按键 {n}）</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Quick sign-in</source>
        <translation>快速签到</translation>
    </message>
    <message>
        <source>Name, then Enter</source>
        <translation>输入姓名后按回车</translation>
    </message>
    <message>
        <source>School / class / village (optional)</source>
        <translation>学校/班级/村（可选）</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>签到(&amp;S)</translation>
    </message>
    <message>
        <source>Crew on duty</source>
        <translation>在岗人员</translation>
    </message>
    <message>
        <source>On / off &amp;duty</source>
        <translation>上岗/下岗(&amp;D)</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>No visit planned for this van today. Add one on the Visits page.</source>
        <translation>本车今天没有计划的活动。请在“活动”页添加。</translation>
    </message>
    <message>
        <source>arrived {t}</source>
        <translation>{t} 到达</translation>
    </message>
    <message>
        <source>Signed in: {n}</source>
        <translation>已签到：{n} 人</translation>
    </message>
    <message>
        <source>On duty: {names}</source>
        <translation>在岗：{names}</translation>
    </message>
    <message>
        <source>Nobody on duty</source>
        <translation>暂无人员在岗</translation>
    </message>
    <message>
        <source>{name} had already signed in (No. {n})</source>
        <translation>{name} 已签到过（第 {n} 位）</translation>
    </message>
    <message>
        <source>{name} signed in: No. {n}</source>
        <translation>{name} 签到成功：第 {n} 位</translation>
    </message>
    <message>
        <source>People counted: {n}</source>
        <translation>统计人数：{n} 人</translation>
    </message>
    <message>
        <source>Signed in individually: {n}</source>
        <translation>个人签到：{n} 人</translation>
    </message>
    <message>
        <source>Books handed out: {n}</source>
        <translation>发放图书：{n} 册</translation>
    </message>
    <message>
        <source>Crew hours: {h}</source>
        <translation>志愿服务时长：{h}</translation>
    </message>
    <message>
        <source>Complete visit</source>
        <translation>完成活动</translation>
    </message>
    <message>
        <source>Complete the visit at {site}?</source>
        <translation>完成在“{site}”的活动吗？</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>暂不</translation>
    </message>
    <message>
        <source>Visit completed</source>
        <translation>活动已完成</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Edit visit</source>
        <translation>编辑活动</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>School / site</source>
        <translation>学校/站点</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>活动内容</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>VisitPicker</name>
    <message>
        <source>No open visit today</source>
        <translation>今天没有进行中的活动</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>Search school or theme</source>
        <translation>搜索学校或主题</translation>
    </message>
    <message>
        <source>All counties</source>
        <translation>全部县市区</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Coming 7 days</source>
        <translation>未来7天</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>From … to …</source>
        <translation>自定义日期…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>School / site</source>
        <translation>学校/站点</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县市区</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>活动内容</translation>
    </message>
    <message>
        <source>&amp;New visit</source>
        <translation>新建活动(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Open in Today</source>
        <translation>在“今日”中打开(&amp;O)</translation>
    </message>
    <message>
        <source>Cancel visit</source>
        <translation>取消活动</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>{n} visits</source>
        <translation>共 {n} 场</translation>
    </message>
    <message>
        <source>Cancel this visit?</source>
        <translation>取消这场活动吗？</translation>
    </message>
    <message>
        <source>Delete this planned visit?</source>
        <translation>删除这场计划中的活动吗？</translation>
    </message>
</context>
<context>
    <name>common</name>
    <message>
        <source>Cannot do that</source>
        <translation>无法完成操作</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>shell</name>
    <message>
        <source>Loading demo data…</source>
        <translation>正在载入演示数据…</translation>
    </message>
</context>
</TS>