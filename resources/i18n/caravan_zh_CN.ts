<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>BackupTimer</name>
        <message>
            <source>Automatic backup</source>
            <translation>自动备份</translation>
        </message>
    </context>
    <context>
        <name>CataloguePage</name>
        <message>
            <source>(any van)</source>
            <translation>（不限车辆）</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>Books and materials</source>
            <translation>图书资料</translation>
        </message>
        <message>
            <source>Certificate (this year)</source>
            <translation>志愿服务证明（本年）</translation>
        </message>
        <message>
            <source>Edit book or material</source>
            <translation>编辑图书资料</translation>
        </message>
        <message>
            <source>Edit person</source>
            <translation>编辑人员</translation>
        </message>
        <message>
            <source>Edit van</source>
            <translation>编辑车辆</translation>
        </message>
        <message>
            <source>Home county</source>
            <translation>所属县市区</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Making the certificate</source>
            <translation>生成志愿服务证明</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>New book or material</source>
            <translation>新增图书资料</translation>
        </message>
        <message>
            <source>New person</source>
            <translation>新增人员</translation>
        </message>
        <message>
            <source>New van</source>
            <translation>新增车辆</translation>
        </message>
        <message>
            <source>Organisation</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>People</source>
            <translation>人员</translation>
        </message>
        <message>
            <source>People, books and vans</source>
            <translation>人员、图书与车辆</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Plate</source>
            <translation>车牌</translation>
        </message>
        <message>
            <source>Print badge</source>
            <translation>打印胸卡</translation>
        </message>
        <message>
            <source>Printing badge</source>
            <translation>正在打印胸卡</translation>
        </message>
        <message>
            <source>Publisher</source>
            <translation>出版社</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>身份</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>保存 PDF</translation>
        </message>
        <message>
            <source>Saved {path}</source>
            <translation>已保存 {path}</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>已保存。</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>服务队</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Van</source>
            <translation>车辆</translation>
        </message>
        <message>
            <source>Vans</source>
            <translation>车辆</translation>
        </message>
        <message>
            <source>Volunteer no.</source>
            <translation>志愿者编号</translation>
        </message>
        <message>
            <source>{name} is deactivated: kept in the records, no longer offered.</source>
            <translation>{name} 已停用：记录保留，不再供选择。</translation>
        </message>
        <message>
            <source>{name} is in use again.</source>
            <translation>{name} 已恢复使用。</translation>
        </message>
    </context>
    <context>
        <name>ConflictsDialog</name>
        <message>
            <source> (for information: changes by start/complete/reopen only)</source>
            <translation>（仅供参考：只能通过开始、完成、重新打开等操作改变）</translation>
        </message>
        <message>
            <source>Add a count…</source>
            <translation>补计人数…</translation>
        </message>
        <message>
            <source>Changes that lost a merge</source>
            <translation>同步中被覆盖的修改</translation>
        </message>
        <message>
            <source>Checked, keep as is</source>
            <translation>已核对，保持不变</translation>
        </message>
        <message>
            <source>Counted</source>
            <translation>计入</translation>
        </message>
        <message>
            <source>Counts taken back on two laptops at once (or more than was counted): both still count, never below zero. Check the figure: add a count, take back more, or mark it checked.</source>
            <translation>两台电脑同时撤回了同一笔计数（或撤回的比计入的多）：两次撤回都算，人数不会小于零。请核对人数：补计人数、再撤回，或标记为已核对。</translation>
        </message>
        <message>
            <source>Current value</source>
            <translation>当前值</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>人群</translation>
        </message>
        <message>
            <source>How many more to count?</source>
            <translation>再计入多少人？</translation>
        </message>
        <message>
            <source>How many to take back?</source>
            <translation>撤回多少人？</translation>
        </message>
        <message>
            <source>Keep current value</source>
            <translation>保留当前值</translation>
        </message>
        <message>
            <source>Lost value</source>
            <translation>被覆盖的值</translation>
        </message>
        <message>
            <source>Put the lost value back</source>
            <translation>恢复被覆盖的值</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Review changes that lost a merge ({n})</source>
            <translation>查看同步中被覆盖的修改（{n} 条）</translation>
        </message>
        <message>
            <source>Take back more…</source>
            <translation>再撤回…</translation>
        </message>
        <message>
            <source>Taken back</source>
            <translation>已撤回</translation>
        </message>
        <message>
            <source>Two laptops changed the same field while offline. The newer change is in use everywhere; the other one is kept here. Keep the current value, or put the lost one back.</source>
            <translation>两台电脑在离线时修改了同一项内容。较新的修改已在各处生效，另一项保存在这里。可以保留当前值，或恢复被覆盖的值。</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>活动</translation>
        </message>
    </context>
    <context>
        <name>Console</name>
        <message>
            <source> days</source>
            <translation>天</translation>
        </message>
        <message>
            <source>(no town)</source>
            <translation>（未填乡镇）</translation>
        </message>
        <message>
            <source>A retraction is a synced fact: every laptop drops the record at its next sync; the original is kept on the hub.</source>
            <translation>撤回是一条同步的事实：每台电脑下次同步时都会丢弃这条记录；原始内容保留在服务器上。</translation>
        </message>
        <message>
            <source>Accounts are made by the hub's administrator (caravan-server user add).</source>
            <translation>账号由服务器管理员创建（caravan-server user add）。</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Activities</source>
            <translation>活动场次</translation>
        </message>
        <message>
            <source>Activity kind</source>
            <translation>活动类型</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>添加</translation>
        </message>
        <message>
            <source>Add a user</source>
            <translation>添加用户</translation>
        </message>
        <message>
            <source>Added a user</source>
            <translation>添加用户</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>管理员</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>All counties</source>
            <translation>全部县市区</translation>
        </message>
        <message>
            <source>All vans</source>
            <translation>全部大篷车</translation>
        </message>
        <message>
            <source>Allow a changed date outside the school's window</source>
            <translation>允许改到学校希望的日期范围之外</translation>
        </message>
        <message>
            <source>Anomalies</source>
            <translation>异常</translation>
        </message>
        <message>
            <source>App version</source>
            <translation>软件版本</translation>
        </message>
        <message>
            <source>Apply this plan</source>
            <translation>按此方案派单</translation>
        </message>
        <message>
            <source>Approval withdrawn</source>
            <translation>撤销通过</translation>
        </message>
        <message>
            <source>Approval withdrawn; the visit awaits review again.</source>
            <translation>已撤销通过；活动重新待审核。</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>通过</translation>
        </message>
        <message>
            <source>Approve a whole day or van</source>
            <translation>按日期或车辆批量通过</translation>
        </message>
        <message>
            <source>Approve all awaiting review</source>
            <translation>全部通过（仅待审核的）</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>通过</translation>
        </message>
        <message>
            <source>Approved {n} visits.</source>
            <translation>已通过 {n} 个活动。</translation>
        </message>
        <message>
            <source>Approved.</source>
            <translation>已通过。</translation>
        </message>
        <message>
            <source>Arrived</source>
            <translation>到达</translation>
        </message>
        <message>
            <source>Ask for a science caravan visit</source>
            <translation>预约科普大篷车（点单）</translation>
        </message>
        <message>
            <source>Ask for another visit</source>
            <translation>再预约一次</translation>
        </message>
        <message>
            <source>Ask the hub's administrator if you need this page; your role decides what you can see and change.</source>
            <translation>如果需要这个页面，请联系服务器管理员；您能看到和修改的内容由角色决定。</translation>
        </message>
        <message>
            <source>Assign</source>
            <translation>派单</translation>
        </message>
        <message>
            <source>Audience</source>
            <translation>参加对象</translation>
        </message>
        <message>
            <source>Audience (groups)</source>
            <translation>参加对象</translation>
        </message>
        <message>
            <source>Audit</source>
            <translation>审计</translation>
        </message>
        <message>
            <source>Auditor</source>
            <translation>审计员</translation>
        </message>
        <message>
            <source>Back to the devices</source>
            <translation>返回设备列表</translation>
        </message>
        <message>
            <source>Back to the start page</source>
            <translation>回到首页</translation>
        </message>
        <message>
            <source>Books and materials</source>
            <translation>发放图书及物资</translation>
        </message>
        <message>
            <source>By</source>
            <translation>审核人</translation>
        </message>
        <message>
            <source>By county</source>
            <translation>按县市区</translation>
        </message>
        <message>
            <source>By van</source>
            <translation>按车辆</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Cannot be planned inside their window:</source>
            <translation>在希望日期内无法安排：</translation>
        </message>
        <message>
            <source>Cannot be served: {reason}</source>
            <translation>未能安排：{reason}</translation>
        </message>
        <message>
            <source>Caravan norms {year}</source>
            <translation>{year}年大篷车运行指标</translation>
        </message>
        <message>
            <source>Certificate pin (SHA-256)</source>
            <translation>证书指纹（SHA-256）</translation>
        </message>
        <message>
            <source>Certificate register</source>
            <translation>证明出具登记</translation>
        </message>
        <message>
            <source>Certificates issued here or on an office laptop: one register, synced to every laptop.</source>
            <translation>在本网页或办公室电脑上出具的证明都在同一登记中，并同步到每台电脑。</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>变化</translation>
        </message>
        <message>
            <source>Change a row's van or date, or leave it out, then apply: the changed rows are assigned as you set them and later proposals keep them.</source>
            <translation>可改每一行的车辆或日期，或勾选“不派”，再派单：改过的行按您设定的派出，以后的方案保留它们。</translation>
        </message>
        <message>
            <source>Changed a setting</source>
            <translation>修改设置</translation>
        </message>
        <message>
            <source>Check the number you were given (for example 2026-0012-K7QM) and try again.</source>
            <translation>请核对收到的点单编号（例如 2026-0012-K7QM）后再试。</translation>
        </message>
        <message>
            <source>Choose the school from the list again.</source>
            <translation>请重新从名单中选择学校。</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>请选择…</translation>
        </message>
        <message>
            <source>Chosen (精选)</source>
            <translation>精选</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清除</translation>
        </message>
        <message>
            <source>Clock offset</source>
            <translation>时钟偏差</translation>
        </message>
        <message>
            <source>Close these days</source>
            <translation>关闭这些天</translation>
        </message>
        <message>
            <source>Closed days</source>
            <translation>关闭日</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>代码</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>意见和建议</translation>
        </message>
        <message>
            <source>Conflicts: values that lost a merge</source>
            <translation>冲突：合并时落选的值</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>Contact person</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>Copies</source>
            <translation>数量</translation>
        </message>
        <message>
            <source>Corrections and reopenings</source>
            <translation>更正与重新打开</translation>
        </message>
        <message>
            <source>Count taken back</source>
            <translation>撤回人数</translation>
        </message>
        <message>
            <source>Counties covered</source>
            <translation>覆盖县市区</translation>
        </message>
        <message>
            <source>County</source>
            <translation>县市区</translation>
        </message>
        <message>
            <source>County (county liaison)</source>
            <translation>县市区（县区联络员）</translation>
        </message>
        <message>
            <source>County liaison</source>
            <translation>县区联络员</translation>
        </message>
        <message>
            <source>County or van</source>
            <translation>县市区或车辆</translation>
        </message>
        <message>
            <source>Coverage (CSV)</source>
            <translation>覆盖情况（CSV）</translation>
        </message>
        <message>
            <source>Coverage (XLSX)</source>
            <translation>覆盖情况（XLSX）</translation>
        </message>
        <message>
            <source>Coverage {year} by county and town</source>
            <translation>{year}年按县市区、乡镇的覆盖情况</translation>
        </message>
        <message>
            <source>Crew and minutes on duty</source>
            <translation>值守人员与时长（分钟）</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Days in the field</source>
            <translation>出车天数</translation>
        </message>
        <message>
            <source>Days in the year</source>
            <translation>全年出车天数</translation>
        </message>
        <message>
            <source>Days planned</source>
            <translation>计划天数</translation>
        </message>
        <message>
            <source>Days since</source>
            <translation>距今天数</translation>
        </message>
        <message>
            <source>Decision</source>
            <translation>审核结论</translation>
        </message>
        <message>
            <source>Decline</source>
            <translation>不能安排</translation>
        </message>
        <message>
            <source>Detail</source>
            <translation>详情</translation>
        </message>
        <message>
            <source>Device id</source>
            <translation>设备 ID</translation>
        </message>
        <message>
            <source>Device no.</source>
            <translation>设备编号</translation>
        </message>
        <message>
            <source>Devices</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Disable</source>
            <translation>停用</translation>
        </message>
        <message>
            <source>Disabled a user</source>
            <translation>停用用户</translation>
        </message>
        <message>
            <source>Done. Thank you!</source>
            <translation>已完成，谢谢！</translation>
        </message>
        <message>
            <source>Download</source>
            <translation>下载</translation>
        </message>
        <message>
            <source>Download XLSX</source>
            <translation>下载 XLSX</translation>
        </message>
        <message>
            <source>Download these photos (ZIP)</source>
            <translation>下载这些照片（ZIP）</translation>
        </message>
        <message>
            <source>Downloaded CSV</source>
            <translation>下载 CSV</translation>
        </message>
        <message>
            <source>Downloaded PDF</source>
            <translation>下载 PDF</translation>
        </message>
        <message>
            <source>Downloaded XLSX</source>
            <translation>下载 XLSX</translation>
        </message>
        <message>
            <source>Downloaded photos (ZIP)</source>
            <translation>下载照片（ZIP）</translation>
        </message>
        <message>
            <source>Each person's minutes of each visit become hours rounded half up to one decimal; a person's hours and every total are the sums of those. Only people whose role is volunteer serve as volunteers.</source>
            <translation>每人每场的分钟数折合小时，四舍五入取一位小数；每人的小时数和合计为各场之和。志愿服务时长只计身份为志愿者的人，工作人员的时长单独列出。</translation>
        </message>
        <message>
            <source>Each van's year with this plan</source>
            <translation>按此方案各车全年情况</translation>
        </message>
        <message>
            <source>Earliest date</source>
            <translation>最早日期</translation>
        </message>
        <message>
            <source>Enable</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>Enabled a user</source>
            <translation>启用用户</translation>
        </message>
        <message>
            <source>Enroll a laptop</source>
            <translation>注册一台电脑</translation>
        </message>
        <message>
            <source>Enroll again</source>
            <translation>重新注册</translation>
        </message>
        <message>
            <source>Enrolled a laptop</source>
            <translation>注册电脑</translation>
        </message>
        <message>
            <source>Enrolled a laptop again</source>
            <translation>重新注册电脑</translation>
        </message>
        <message>
            <source>Enrollment code</source>
            <translation>注册码</translation>
        </message>
        <message>
            <source>Every visit of that day and/or van awaiting review is approved; returned and approved visits are left as they are.</source>
            <translation>该日期和/或该车辆所有待审核的活动都将通过；已退回和已通过的活动不变。</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Filter</source>
            <translation>筛选</translation>
        </message>
        <message>
            <source>First day</source>
            <translation>开始日期</translation>
        </message>
        <message>
            <source>Follow up</source>
            <translation>需回访</translation>
        </message>
        <message>
            <source>For</source>
            <translation>适用于</translation>
        </message>
        <message>
            <source>From</source>
            <translation>来自</translation>
        </message>
        <message>
            <source>From date</source>
            <translation>开始日期</translation>
        </message>
        <message>
            <source>From device</source>
            <translation>来自设备</translation>
        </message>
        <message>
            <source>Go back and try again.</source>
            <translation>请返回后再试一次。</translation>
        </message>
        <message>
            <source>Go back, reload the page and send the form again (forms work only in the window that showed them).</source>
            <translation>请返回，刷新页面后再提交一次（表单只能在显示它的窗口里提交）。</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Hand-out undone or returned</source>
            <translation>发放撤销或退回</translation>
        </message>
        <message>
            <source>Hand-outs by title and unit</source>
            <translation>发放（按书名与单位）</translation>
        </message>
        <message>
            <source>Handed out</source>
            <translation>发放</translation>
        </message>
        <message>
            <source>Highlights pack of {y} (ZIP)</source>
            <translation>{y} 年活动剪影包（ZIP）</translation>
        </message>
        <message>
            <source>History</source>
            <translation>审核记录</translation>
        </message>
        <message>
            <source>Hours</source>
            <translation>小时</translation>
        </message>
        <message>
            <source>How</source>
            <translation>方式</translation>
        </message>
        <message>
            <source>How it is counted</source>
            <translation>口径说明</translation>
        </message>
        <message>
            <source>How many people</source>
            <translation>人数</translation>
        </message>
        <message>
            <source>How was it? (1 poor – 5 excellent)</source>
            <translation>您的评价（1 很差 – 5 很好）</translation>
        </message>
        <message>
            <source>Hub address for laptops</source>
            <translation>电脑连接服务器用的地址</translation>
        </message>
        <message>
            <source>Idle timeout</source>
            <translation>空闲自动退出</translation>
        </message>
        <message>
            <source>Idle timeout: {n} minutes.</source>
            <translation>空闲 {n} 分钟后自动退出。</translation>
        </message>
        <message>
            <source>Indicator</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>Issue certificate</source>
            <translation>出具证明</translation>
        </message>
        <message>
            <source>Issue work-time certificate</source>
            <translation>出具工作时长证明</translation>
        </message>
        <message>
            <source>Issued a volunteer service certificate</source>
            <translation>出具志愿服务记录证明</translation>
        </message>
        <message>
            <source>Issued on</source>
            <translation>出具日期</translation>
        </message>
        <message>
            <source>Its token stops working at once: the laptop can no longer sync until it is enrolled again. What it already sent stays.</source>
            <translation>它的令牌立即失效：这台电脑在重新注册之前不能再同步。已经上传的数据保留。</translation>
        </message>
        <message>
            <source>Kept</source>
            <translation>保留的值</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Laptops</source>
            <translation>电脑</translation>
        </message>
        <message>
            <source>Laptops: last sync, changes not yet sent</source>
            <translation>笔记本：最近同步、未上传的更改</translation>
        </message>
        <message>
            <source>Last day</source>
            <translation>结束日期</translation>
        </message>
        <message>
            <source>Last returned because:</source>
            <translation>上次退回原因：</translation>
        </message>
        <message>
            <source>Last seen</source>
            <translation>最后同步</translation>
        </message>
        <message>
            <source>Last visit</source>
            <translation>最近活动</translation>
        </message>
        <message>
            <source>Latest date</source>
            <translation>最晚日期</translation>
        </message>
        <message>
            <source>Leave out</source>
            <translation>不派</translation>
        </message>
        <message>
            <source>Left</source>
            <translation>离开</translation>
        </message>
        <message>
            <source>Log a browser out after this many minutes unused</source>
            <translation>浏览器空闲多少分钟后自动退出</translation>
        </message>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Log out</source>
            <translation>退出登录</translation>
        </message>
        <message>
            <source>Lost</source>
            <translation>落选的值</translation>
        </message>
        <message>
            <source>Make a one-time code</source>
            <translation>生成一次性注册码</translation>
        </message>
        <message>
            <source>Minutes</source>
            <translation>分钟</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Names, volunteer numbers and hours only: no telephone or ID number.</source>
            <translation>只列姓名、志愿者编号和时长，不含电话和证件号码。</translation>
        </message>
        <message>
            <source>New school or site: its name</source>
            <translation>新学校/地点名称</translation>
        </message>
        <message>
            <source>Newer</source>
            <translation>较新</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一页</translation>
        </message>
        <message>
            <source>Next day</source>
            <translation>后一天</translation>
        </message>
        <message>
            <source>No bad records.</source>
            <translation>没有坏记录。</translation>
        </message>
        <message>
            <source>No certificate issued yet.</source>
            <translation>尚未出具证明。</translation>
        </message>
        <message>
            <source>No closed days.</source>
            <translation>没有关闭日。</translation>
        </message>
        <message>
            <source>No conflicts.</source>
            <translation>没有冲突。</translation>
        </message>
        <message>
            <source>No corrections.</source>
            <translation>没有更正。</translation>
        </message>
        <message>
            <source>No decisions yet.</source>
            <translation>还没有审核记录。</translation>
        </message>
        <message>
            <source>No laptop is enrolled yet.</source>
            <translation>还没有注册任何电脑。</translation>
        </message>
        <message>
            <source>No one signed in.</source>
            <translation>没有人签到。</translation>
        </message>
        <message>
            <source>No one was on duty.</source>
            <translation>没有值守记录。</translation>
        </message>
        <message>
            <source>No photos of this visit.</source>
            <translation>本次活动没有照片。</translation>
        </message>
        <message>
            <source>No pin (the hub's certificate is from a public authority)</source>
            <translation>不加指纹（服务器证书来自公共证书机构）</translation>
        </message>
        <message>
            <source>No request with this number</source>
            <translation>没有这个编号的点单</translation>
        </message>
        <message>
            <source>No requests.</source>
            <translation>没有点单。</translation>
        </message>
        <message>
            <source>No school in the site list.</source>
            <translation>站点名单中没有学校。</translation>
        </message>
        <message>
            <source>No users.</source>
            <translation>没有用户。</translation>
        </message>
        <message>
            <source>No van is out on this day.</source>
            <translation>这一天没有车辆出车。</translation>
        </message>
        <message>
            <source>No van was out this year.</source>
            <translation>本年没有车辆出车。</translation>
        </message>
        <message>
            <source>No visit matches these filters.</source>
            <translation>没有符合条件的活动。</translation>
        </message>
        <message>
            <source>No visit on this day</source>
            <translation>这一天没有活动</translation>
        </message>
        <message>
            <source>No visits match.</source>
            <translation>没有符合条件的活动。</translation>
        </message>
        <message>
            <source>No volunteer service in this period.</source>
            <translation>本期没有志愿服务。</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Nobody on duty in this period.</source>
            <translation>本期无人上岗。</translation>
        </message>
        <message>
            <source>None.</source>
            <translation>没有。</translation>
        </message>
        <message>
            <source>Norm (120 days or 10,000 km)</source>
            <translation>年度要求（120 天或 10000 公里）</translation>
        </message>
        <message>
            <source>Not in the list: a new one (below)</source>
            <translation>名单中没有：填写新学校（下方）</translation>
        </message>
        <message>
            <source>Not visited</source>
            <translation>未开展活动的站点</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Nothing recorded yet.</source>
            <translation>还没有记录。</translation>
        </message>
        <message>
            <source>Nothing retracted.</source>
            <translation>没有撤回的记录。</translation>
        </message>
        <message>
            <source>Nothing was changed. Try again; if it happens again, tell the hub's administrator the time.</source>
            <translation>没有做任何修改。请再试一次；如果还出错，请把出错的时间告诉服务器管理员。</translation>
        </message>
        <message>
            <source>Nothing was handed out.</source>
            <translation>没有发放。</translation>
        </message>
        <message>
            <source>Nothing was refused.</source>
            <translation>没有被拒收的数据。</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>证明编号</translation>
        </message>
        <message>
            <source>Odometer</source>
            <translation>里程表</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>离岗</translation>
        </message>
        <message>
            <source>Office</source>
            <translation>办公室</translation>
        </message>
        <message>
            <source>Office console</source>
            <translation>办公室控制台</translation>
        </message>
        <message>
            <source>Official reports count</source>
            <translation>正式报表统计</translation>
        </message>
        <message>
            <source>Older</source>
            <translation>较早</translation>
        </message>
        <message>
            <source>On</source>
            <translation>上岗</translation>
        </message>
        <message>
            <source>On the laptop: 同步 → 注册, scan this QR or type the code. It is shown only now: write it down or enroll the laptop before leaving this page.</source>
            <translation>在电脑上打开「同步 → 注册」，扫描这个二维码或输入注册码。注册码只显示这一次：请记下来，或在离开本页之前完成注册。</translation>
        </message>
        <message>
            <source>One-time code (valid 7 days)</source>
            <translation>一次性注册码（7 天内有效）</translation>
        </message>
        <message>
            <source>Only the public ones (ZIP, for publication)</source>
            <translation>只下载可公开的照片（ZIP，供发布）</translation>
        </message>
        <message>
            <source>Open again</source>
            <translation>取消关闭</translation>
        </message>
        <message>
            <source>Open it from the menu above.</source>
            <translation>请从上方的菜单打开。</translation>
        </message>
        <message>
            <source>Organisation</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Page {page} of {pages}</source>
            <translation>第 {page} 页，共 {pages} 页</translation>
        </message>
        <message>
            <source>Page {p} of {n} ({total} entries)</source>
            <translation>第 {p} 页，共 {n} 页（{total} 条）</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Password (at least 10 characters)</source>
            <translation>密码（至少 10 个字符）</translation>
        </message>
        <message>
            <source>Pending changes</source>
            <translation>待上传的修改</translation>
        </message>
        <message>
            <source>People</source>
            <translation>人数</translation>
        </message>
        <message>
            <source>People by group</source>
            <translation>各类人数</translation>
        </message>
        <message>
            <source>People counted</source>
            <translation>人数</translation>
        </message>
        <message>
            <source>People served</source>
            <translation>服务人次</translation>
        </message>
        <message>
            <source>Per van and year: at least {days} days in the field and {km} km.</source>
            <translation>每车每年出车不少于 {days} 天、行驶不少于 {km} 公里。</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>证明期间</translation>
        </message>
        <message>
            <source>Period report (PDF)</source>
            <translation>工作统计（PDF）</translation>
        </message>
        <message>
            <source>Period workbook (XLSX)</source>
            <translation>统计工作簿（XLSX）</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Photos</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>Photos of pupils are personal information: every view and download is recorded. Display copies carry no location (GPS).</source>
            <translation>学生照片属于个人信息：每次查看和下载都会记录。展示用照片不含位置信息（GPS）。</translation>
        </message>
        <message>
            <source>Plan the season</source>
            <translation>编排计划</translation>
        </message>
        <message>
            <source>Planned for {date}.</source>
            <translation>已安排在 {date}。</translation>
        </message>
        <message>
            <source>Previous</source>
            <translation>上一页</translation>
        </message>
        <message>
            <source>Previous day</source>
            <translation>前一天</translation>
        </message>
        <message>
            <source>Public</source>
            <translation>可公开</translation>
        </message>
        <message>
            <source>Public notice list (公示)</source>
            <translation>公示名单</translation>
        </message>
        <message>
            <source>QR code of the code</source>
            <translation>注册码的二维码</translation>
        </message>
        <message>
            <source>Rate the visit</source>
            <translation>评价这次活动</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>评分</translation>
        </message>
        <message>
            <source>Re-enrolls only the laptop {d}</source>
            <translation>只能给电脑 {d} 重新注册</translation>
        </message>
        <message>
            <source>Read at {time}</source>
            <translation>读取时间 {time}</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Reason for returning (the crew sees it)</source>
            <translation>退回原因（车组会看到）</translation>
        </message>
        <message>
            <source>Reason for withdrawing the approval</source>
            <translation>撤销通过的原因</translation>
        </message>
        <message>
            <source>Reason: write why this record is withdrawn (it is kept with the retraction).</source>
            <translation>原因：请写明撤回这条记录的原因（会和撤回一起保存）。</translation>
        </message>
        <message>
            <source>Received: the office will plan it.</source>
            <translation>已收到，办公室将统一安排。</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Refused changes (never stored)</source>
            <translation>被拒收的修改（未保存）</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Remarks</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Reopened</source>
            <translation>重新打开</translation>
        </message>
        <message>
            <source>Report number</source>
            <translation>报告编号</translation>
        </message>
        <message>
            <source>Request</source>
            <translation>点单</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>点单</translation>
        </message>
        <message>
            <source>Resends that differed</source>
            <translation>内容不同的重发</translation>
        </message>
        <message>
            <source>Reset a password</source>
            <translation>重设密码</translation>
        </message>
        <message>
            <source>Reset password</source>
            <translation>重设密码</translation>
        </message>
        <message>
            <source>Retract</source>
            <translation>撤回</translation>
        </message>
        <message>
            <source>Retract a record</source>
            <translation>撤回一条记录</translation>
        </message>
        <message>
            <source>Retracted</source>
            <translation>已撤回</translation>
        </message>
        <message>
            <source>Retracted a record</source>
            <translation>撤回记录</translation>
        </message>
        <message>
            <source>Retract…</source>
            <translation>撤回…</translation>
        </message>
        <message>
            <source>Return</source>
            <translation>退回</translation>
        </message>
        <message>
            <source>Returned</source>
            <translation>退回</translation>
        </message>
        <message>
            <source>Returned to the crew with the reason; their laptop shows it after its next sync.</source>
            <translation>已退回车组并写明原因；车组的电脑下次同步后会显示。</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>审核</translation>
        </message>
        <message>
            <source>Review state</source>
            <translation>审核状态</translation>
        </message>
        <message>
            <source>Revoke a laptop</source>
            <translation>撤销一台电脑</translation>
        </message>
        <message>
            <source>Revoke this laptop</source>
            <translation>撤销这台电脑</translation>
        </message>
        <message>
            <source>Revoked a laptop</source>
            <translation>撤销电脑</translation>
        </message>
        <message>
            <source>Revoke…</source>
            <translation>撤销…</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Round</source>
            <translation>轮次</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>已保存。</translation>
        </message>
        <message>
            <source>School</source>
            <translation>学校</translation>
        </message>
        <message>
            <source>School holidays and exam weeks close a day for every school (villages and science halls are still visited); a van's maintenance days close it for that van.</source>
            <translation>学校放假和考试周对所有学校关闭（村和科普馆照常）；车辆保养日只对该车关闭。</translation>
        </message>
        <message>
            <source>School or site</source>
            <translation>学校/地点</translation>
        </message>
        <message>
            <source>Schools covered</source>
            <translation>覆盖学校</translation>
        </message>
        <message>
            <source>Schools not visited for the longest time</source>
            <translation>最久未开展活动的学校</translation>
        </message>
        <message>
            <source>Science caravans</source>
            <translation>科普大篷车</translation>
        </message>
        <message>
            <source>Science statistics {year}</source>
            <translation>{year}年科普统计</translation>
        </message>
        <message>
            <source>Science statistics {year} (XLSX)</source>
            <translation>{year}年科普统计（XLSX）</translation>
        </message>
        <message>
            <source>Send the rating</source>
            <translation>提交评价</translation>
        </message>
        <message>
            <source>Send the request</source>
            <translation>提交点单</translation>
        </message>
        <message>
            <source>Services</source>
            <translation>服务次数</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>查询</translation>
        </message>
        <message>
            <source>Show its schools</source>
            <translation>显示该县的学校</translation>
        </message>
        <message>
            <source>Sign-in voided</source>
            <translation>签到作废</translation>
        </message>
        <message>
            <source>Sign-ins</source>
            <translation>签到</translation>
        </message>
        <message>
            <source>Signed in</source>
            <translation>签到人数</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>创建时间</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>地点</translation>
        </message>
        <message>
            <source>Sites</source>
            <translation>站点数</translation>
        </message>
        <message>
            <source>Something went wrong on the hub</source>
            <translation>服务器出错了</translation>
        </message>
        <message>
            <source>Staff working hours ({n} staff, not volunteer service)</source>
            <translation>工作人员工作时长（{n} 名工作人员，不是志愿服务）</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Statistics</source>
            <translation>统计</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Stored records that break the rules</source>
            <translation>不合规则的已存记录</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>队伍</translation>
        </message>
        <message>
            <source>Thank you! You can change your rating for a week.</source>
            <translation>谢谢！一周内可以修改评价。</translation>
        </message>
        <message>
            <source>The crew corrected the visit after it was returned and completed it again.</source>
            <translation>车组在退回后修改了活动并再次完成（重新提交）。</translation>
        </message>
        <message>
            <source>The form has expired</source>
            <translation>表单已过期</translation>
        </message>
        <message>
            <source>The form has expired. Check it and send it again.</source>
            <translation>表单已过期，请检查后重新提交。</translation>
        </message>
        <message>
            <source>The hub has no van named {v} yet: set the laptop up with exactly this name.</source>
            <translation>服务器上还没有名为「{v}」的车辆记录：这台电脑第一次设置时请用这个车名。</translation>
        </message>
        <message>
            <source>The laptops follow this after their next sync, so their papers and the console's agree.</source>
            <translation>各台电脑下次同步后按此设置统计，电脑和网页上的报表一致。</translation>
        </message>
        <message>
            <source>The login form had expired. Log in again.</source>
            <translation>登录页面已过期，请重新登录。</translation>
        </message>
        <message>
            <source>The newest {n} of each are shown.</source>
            <translation>每类显示最新的 {n} 条。</translation>
        </message>
        <message>
            <source>The number of people must be a whole number.</source>
            <translation>人数应为整数。</translation>
        </message>
        <message>
            <source>The office's laptop</source>
            <translation>办公室的电脑</translation>
        </message>
        <message>
            <source>The office's laptop (may change every van's records)</source>
            <translation>办公室的电脑（可以修改所有车辆的记录）</translation>
        </message>
        <message>
            <source>The page may not exist yet, or the link is old. Use the menu above to find what you need.</source>
            <translation>这个页面可能还没有开放，或者链接已过期。请用上方的菜单找到需要的页面。</translation>
        </message>
        <message>
            <source>The request was refused</source>
            <translation>请求被拒绝</translation>
        </message>
        <message>
            <source>The site list is empty.</source>
            <translation>站点名单为空。</translation>
        </message>
        <message>
            <source>The username or password is wrong (or the user is disabled).</source>
            <translation>用户名或密码不对（或这个用户已停用）。</translation>
        </message>
        <message>
            <source>The visit is not completed (or the crew reopened it): it can be reviewed once it is completed.</source>
            <translation>活动还没有完成（或已被车组重新打开），完成后才能审核。</translation>
        </message>
        <message>
            <source>The visit's figures</source>
            <translation>活动的数据</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>主题</translation>
        </message>
        <message>
            <source>There is no such page</source>
            <translation>没有这个页面</translation>
        </message>
        <message>
            <source>This page cannot be used this way</source>
            <translation>这个页面不能这样使用</translation>
        </message>
        <message>
            <source>This rating link does not work</source>
            <translation>这个评价链接无效</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>读物/资料</translation>
        </message>
        <message>
            <source>To</source>
            <translation>结束日期</translation>
        </message>
        <message>
            <source>To change one request, assign it by hand on the list; the next proposal keeps it.</source>
            <translation>要调整某一个点单，请在列表中手动派单；下次编排会保留它。</translation>
        </message>
        <message>
            <source>To date</source>
            <translation>结束日期</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今日</translation>
        </message>
        <message>
            <source>Too many failed logins. Wait {n} minutes, then try again; or ask the administrator to reset your password.</source>
            <translation>登录失败次数太多。请等 {n} 分钟后再试，或请管理员重设密码。</translation>
        </message>
        <message>
            <source>Too many forms or look-ups came from your network. Wait ten minutes and try again, or call the office.</source>
            <translation>您所在的网络提交或查询太频繁。请十分钟后再试，或致电办公室。</translation>
        </message>
        <message>
            <source>Too many requests</source>
            <translation>请求太频繁</translation>
        </message>
        <message>
            <source>Topics you would like</source>
            <translation>希望的主题</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>合计</translation>
        </message>
        <message>
            <source>Town</source>
            <translation>乡镇街道</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Use the link or QR code on the visit report. A visit can be rated once it is done.</source>
            <translation>请使用活动报告上的链接或二维码；活动完成后才能评价。</translation>
        </message>
        <message>
            <source>User</source>
            <translation>用户</translation>
        </message>
        <message>
            <source>Username</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>用户</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>Van</source>
            <translation>车辆</translation>
        </message>
        <message>
            <source>Van (captain)</source>
            <translation>车辆（车长）</translation>
        </message>
        <message>
            <source>Van (its name, as on the van's record)</source>
            <translation>车辆（名称与车辆记录上的一致）</translation>
        </message>
        <message>
            <source>Van and date</source>
            <translation>车辆和日期</translation>
        </message>
        <message>
            <source>Van captain</source>
            <translation>车长</translation>
        </message>
        <message>
            <source>Verification code</source>
            <translation>核验码</translation>
        </message>
        <message>
            <source>Version, clock offset and pending changes are what each laptop said at its last sync (older apps do not say).</source>
            <translation>软件版本、时钟偏差和待上传的修改是每台电脑在最后一次同步时报告的（旧版软件不报告）。</translation>
        </message>
        <message>
            <source>Viewed anomalies (may hold names)</source>
            <translation>查看异常（可能含姓名）</translation>
        </message>
        <message>
            <source>Viewed phone numbers</source>
            <translation>查看电话号码</translation>
        </message>
        <message>
            <source>Viewed photos</source>
            <translation>查看照片</translation>
        </message>
        <message>
            <source>Viewed sign-ins (names)</source>
            <translation>查看签到名单</translation>
        </message>
        <message>
            <source>Viewed volunteers' or staff's names</source>
            <translation>查看志愿者或工作人员名单</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>活动</translation>
        </message>
        <message>
            <source>Visit report (PDF), as the laptop prints it</source>
            <translation>活动记录表（PDF，与笔记本打印的相同）</translation>
        </message>
        <message>
            <source>Visited</source>
            <translation>已开展活动</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>活动</translation>
        </message>
        <message>
            <source>Volunteer no.</source>
            <translation>志愿者编号</translation>
        </message>
        <message>
            <source>Volunteer service hours ({n} volunteers)</source>
            <translation>志愿服务时长（{n} 名志愿者）</translation>
        </message>
        <message>
            <source>Volunteers</source>
            <translation>志愿者</translation>
        </message>
        <message>
            <source>What</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>When</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>When (UTC)</source>
            <translation>时间（UTC）</translation>
        </message>
        <message>
            <source>Who viewed or exported personal data, and who changed users or devices: when and from where.</source>
            <translation>谁查看或导出了个人信息、谁修改了用户或设备：时间和来源地址。</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>希望日期</translation>
        </message>
        <message>
            <source>Withdraw approval</source>
            <translation>撤销通过</translation>
        </message>
        <message>
            <source>Work report summary</source>
            <translation>工作报告摘要</translation>
        </message>
        <message>
            <source>You get a request number; with it you can see on this site when the caravan comes.</source>
            <translation>提交后会得到点单编号，凭编号可在本网站查看大篷车何时来。</translation>
        </message>
        <message>
            <source>Your request was received. Keep its number:</source>
            <translation>点单已收到，请记下编号：</translation>
        </message>
        <message>
            <source>Your role may not do this</source>
            <translation>您的角色没有这个权限</translation>
        </message>
        <message>
            <source>active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>afternoon</source>
            <translation>下午</translation>
        </message>
        <message>
            <source>approved visits only</source>
            <translation>仅已通过审核的活动</translation>
        </message>
        <message>
            <source>disabled</source>
            <translation>已停用</translation>
        </message>
        <message>
            <source>e.g. pupils of grades 3-6</source>
            <translation>例如 三至六年级学生</translation>
        </message>
        <message>
            <source>enrolled</source>
            <translation>已注册</translation>
        </message>
        <message>
            <source>every completed visit</source>
            <translation>全部已完成活动</translation>
        </message>
        <message>
            <source>every school</source>
            <translation>全部学校</translation>
        </message>
        <message>
            <source>hand-outs</source>
            <translation>发放</translation>
        </message>
        <message>
            <source>kept</source>
            <translation>不变</translation>
        </message>
        <message>
            <source>km</source>
            <translation>公里</translation>
        </message>
        <message>
            <source>km in the year</source>
            <translation>全年公里数</translation>
        </message>
        <message>
            <source>km planned</source>
            <translation>计划公里数</translation>
        </message>
        <message>
            <source>met</source>
            <translation>达标</translation>
        </message>
        <message>
            <source>morning</source>
            <translation>上午</translation>
        </message>
        <message>
            <source>moved</source>
            <translation>调整</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未</translation>
        </message>
        <message>
            <source>new</source>
            <translation>新</translation>
        </message>
        <message>
            <source>new password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>no laptop enrolled</source>
            <translation>没有登记的笔记本</translation>
        </message>
        <message>
            <source>no reading for this day</source>
            <translation>当天没有里程读数</translation>
        </message>
        <message>
            <source>not met</source>
            <translation>未达标</translation>
        </message>
        <message>
            <source>not on the hub yet</source>
            <translation>服务器尚未收到</translation>
        </message>
        <message>
            <source>not yet</source>
            <translation>未达到</translation>
        </message>
        <message>
            <source>office laptop</source>
            <translation>办公室电脑</translation>
        </message>
        <message>
            <source>reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>reissue of {n}</source>
            <translation>补发，原证明 {n}</translation>
        </message>
        <message>
            <source>revoked</source>
            <translation>已撤销</translation>
        </message>
        <message>
            <source>sign-ins</source>
            <translation>签到</translation>
        </message>
        <message>
            <source>van</source>
            <translation>车辆</translation>
        </message>
        <message>
            <source>van laptop</source>
            <translation>车载电脑</translation>
        </message>
        <message>
            <source>visits</source>
            <translation>活动</translation>
        </message>
        <message>
            <source>waiting for code</source>
            <translation>等待注册</translation>
        </message>
        <message>
            <source>work time (staff)</source>
            <translation>工作时长证明（工作人员）</translation>
        </message>
        <message>
            <source>{n} not marked public are not shown to your role.</source>
            <translation>另有 {n} 张未标为可公开，您的角色不能查看。</translation>
        </message>
        <message>
            <source>{n} not sent</source>
            <translation>{n} 条未上传</translation>
        </message>
        <message>
            <source>{n} photos, {c} chosen</source>
            <translation>{n} 张照片，{c} 张精选</translation>
        </message>
        <message>
            <source>{n} visits</source>
            <translation>共 {n} 场活动</translation>
        </message>
        <message>
            <source>{n} visits, about {km} km. Visits already planned stay where they still fit.</source>
            <translation>共 {n} 场，约 {km} 公里。已安排的活动只要仍然合适就保持不变。</translation>
        </message>
        <message>
            <source>{s} s</source>
            <translation>{s} 秒</translation>
        </message>
    </context>
    <context>
        <name>CrewLinkDialog</name>
        <message>
            <source>A separate link for the crew to send photos from their phones</source>
            <translation>另一个链接：工作人员用手机上传活动照片</translation>
        </message>
        <message>
            <source>Crew photo upload</source>
            <translation>工作人员上传照片</translation>
        </message>
        <message>
            <source>Crew photos link</source>
            <translation>工作人员传照片</translation>
        </message>
        <message>
            <source>For the crew only: scan with your phone to send photos of this visit. Do not show it to participants. The link stops working when the visit ends.</source>
            <translation>仅供工作人员使用：用手机扫码上传本场活动的照片。请勿展示给参加者。活动结束后链接失效。</translation>
        </message>
    </context>
    <context>
        <name>DayCloseDialog</name>
        <message>
            <source>Also correct the ledger by the differences (adjustment with reason 'day close')</source>
            <translation>同时按差异调整账面（调整原因：日结差异）</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Count matches the ledger.</source>
            <translation>实点与账面一致。</translation>
        </message>
        <message>
            <source>Count the books left on the van and enter the numbers.</source>
            <translation>清点车上剩余图书并填写数量。</translation>
        </message>
        <message>
            <source>Counted</source>
            <translation>实点</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Day close</source>
            <translation>日结</translation>
        </message>
        <message>
            <source>Difference</source>
            <translation>差异</translation>
        </message>
        <message>
            <source>Discard counts</source>
            <translation>放弃清点</translation>
        </message>
        <message>
            <source>Go on counting</source>
            <translation>继续清点</translation>
        </message>
        <message>
            <source>Ledger</source>
            <translation>账面</translation>
        </message>
        <message>
            <source>Not counted yet: {n} titles</source>
            <translation>尚未清点：{n} 种</translation>
        </message>
        <message>
            <source>Note (optional)</source>
            <translation>备注（可选）</translation>
        </message>
        <message>
            <source>Record day close</source>
            <translation>记录日结</translation>
        </message>
        <message>
            <source>Throw away the counts you typed? Nothing is recorded.</source>
            <translation>放弃已填写的清点数吗？不会记录任何内容。</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>书名</translation>
        </message>
        <message>
            <source>Titles with a difference: {n}</source>
            <translation>有差异的书目：{n} 种</translation>
        </message>
        <message>
            <source>not counted</source>
            <translation>未清点</translation>
        </message>
        <message>
            <source>{date} is already closed for this van ({n}×). Recording again adds another count to the record; the earlier one stays.</source>
            <translation>{date} 这辆车已日结（{n} 次）。再次记录会另加一次清点，之前的记录保留。</translation>
        </message>
    </context>
    <context>
        <name>DeviceDialog</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
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
            <source>Set up this laptop</source>
            <translation>设置本机</translation>
        </message>
        <message>
            <source>Van</source>
            <translation>车辆</translation>
        </message>
        <message>
            <source>Which van does this laptop travel with? Records made here are marked with it.</source>
            <translation>这台笔记本跟随哪辆大篷车？在本机录入的记录都会标注该车。</translation>
        </message>
        <message>
            <source>e.g. Caravan No. 1</source>
            <translation>例如：科普大篷车1号</translation>
        </message>
        <message>
            <source>e.g. Van 1 laptop</source>
            <translation>例如：1号车笔记本</translation>
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
            <source>Copies</source>
            <translation>册数</translation>
        </message>
        <message>
            <source>Distribution</source>
            <translation>发放</translation>
        </message>
        <message>
            <source>Entry</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Hand out anyway</source>
            <translation>仍然发放</translation>
        </message>
        <message>
            <source>Hand out anyway? The override is recorded.</source>
            <translation>仍要发放吗？超额发放将被记录。</translation>
        </message>
        <message>
            <source>Hand out books</source>
            <translation>发放图书</translation>
        </message>
        <message>
            <source>Handed out at this visit</source>
            <translation>本次活动发放记录</translation>
        </message>
        <message>
            <source>More than the van holds: you will be asked to confirm.</source>
            <translation>超过车上库存：提交时需要确认。</translation>
        </message>
        <message>
            <source>Not enough stock</source>
            <translation>库存不足</translation>
        </message>
        <message>
            <source>On the van</source>
            <translation>车上库存</translation>
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
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>书名</translation>
        </message>
        <message>
            <source>Total: {n}</source>
            <translation>合计：{n}</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Undo last entry</source>
            <translation>撤销上一条</translation>
        </message>
        <message>
            <source>Undo: {n} × 《{title}》 to {who}?</source>
            <translation>撤销：发给“{who}”的《{title}》{n} 册？</translation>
        </message>
        <message>
            <source>over stock (confirmed)</source>
            <translation>超出库存（已确认）</translation>
        </message>
        <message>
            <source>undone</source>
            <translation>已撤销</translation>
        </message>
    </context>
    <context>
        <name>DonePage</name>
        <message>
            <source>&amp;Save rows to send back…</source>
            <translation>保存退回修改表(&amp;S)…</translation>
        </message>
        <message>
            <source>Imported</source>
            <translation>导入完成</translation>
        </message>
        <message>
            <source>Imported {n} sites. Skipped {d} already there and {b} rows in error.</source>
            <translation>已导入 {n} 个学校/站点；跳过已存在 {d} 条、有错误 {b} 条。</translation>
        </message>
        <message>
            <source>Rows to send back</source>
            <translation>退回修改的行</translation>
        </message>
        <message>
            <source>{file}: imported {n} new sites and updated {u}. {same} unchanged, {skipped} changes not applied, {w} rows with warnings, {b} rows in error.</source>
            <translation>{file}：新增 {n} 个站点，更新 {u} 个。{same} 个未变，{skipped} 个变化未应用，{w} 行带警告，{b} 行有错误。</translation>
        </message>
        <message>
            <source>{n} rows saved to {path}</source>
            <translation>已将 {n} 行保存到 {path}</translation>
        </message>
    </context>
    <context>
        <name>EarlyInput</name>
        <message>
            <source>{n} could not be saved: {why}</source>
            <translation>{n} 次未能保存：{why}</translation>
        </message>
        <message>
            <source>{n} counts and scans made while starting are saved.</source>
            <translation>启动时的 {n} 次计数和扫码已保存。</translation>
        </message>
    </context>
    <context>
        <name>ErrorReportDialog</name>
        <message>
            <source>Copy report</source>
            <translation>复制报告</translation>
        </message>
        <message>
            <source>Something went wrong. Your saved data is safe and you can keep working. Please copy this report and send it to the office.</source>
            <translation>程序出现了问题。已保存的数据是安全的，可以继续工作。请复制这份报告发给协会办公室。</translation>
        </message>
        <message>
            <source>Unexpected error</source>
            <translation>意外错误</translation>
        </message>
    </context>
    <context>
        <name>FilePage</name>
        <message>
            <source>&amp;Browse…</source>
            <translation>浏览(&amp;B)…</translation>
        </message>
        <message>
            <source>(from the file)</source>
            <translation>（按文件）</translation>
        </message>
        <message>
            <source>CSV (UTF-8 or GBK) or Excel .xlsx, as county offices send them.</source>
            <translation>支持各县区报送的 CSV（UTF-8 或 GBK）或 Excel .xlsx 文件。</translation>
        </message>
        <message>
            <source>CSV (UTF-8, GBK, Big5 or UTF-16) or Excel .xlsx, as county offices send them.</source>
            <translation>CSV（UTF-8、GBK、Big5 或 UTF-16）或 Excel .xlsx，与县区发来的格式相同。</translation>
        </message>
        <message>
            <source>Choose the file</source>
            <translation>选择文件</translation>
        </message>
        <message>
            <source>County when the file has none</source>
            <translation>文件未填县市区时使用</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Reading the site list</source>
            <translation>正在读取名单</translation>
        </message>
        <message>
            <source>Reading…</source>
            <translation>正在读取…</translation>
        </message>
        <message>
            <source>Site list</source>
            <translation>学校/站点名单</translation>
        </message>
        <message>
            <source>Tables (*.csv *.xlsx *.txt);;All files (*)</source>
            <translation>表格 (*.csv *.xlsx *.txt);;所有文件 (*)</translation>
        </message>
    </context>
    <context>
        <name>FirstRunWizard</name>
        <message>
            <source>Back</source>
            <translation>上一步</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Finish and save</source>
            <translation>完成并保存</translation>
        </message>
        <message>
            <source>Go on setting up</source>
            <translation>继续设置</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>Saving</source>
            <translation>正在保存</translation>
        </message>
        <message>
            <source>Set up this laptop</source>
            <translation>设置本机</translation>
        </message>
        <message>
            <source>Stop and close</source>
            <translation>停止并关闭</translation>
        </message>
        <message>
            <source>Stop setting up this laptop? Nothing has been saved; the app closes.</source>
            <translation>停止设置本机吗？尚未保存任何内容，程序将关闭。</translation>
        </message>
    </context>
    <context>
        <name>ImportWizard</name>
        <message>
            <source>Back</source>
            <translation>上一步</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Import schools and sites</source>
            <translation>导入学校/站点</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Caravan Field Log</source>
            <translation>科普大篷车外勤系统</translation>
        </message>
        <message>
            <source>Distribution</source>
            <translation>发放</translation>
        </message>
        <message>
            <source>People &amp; books</source>
            <translation>资料</translation>
        </message>
        <message>
            <source>Phone sign-in open (port {port})</source>
            <translation>扫码签到开启中（端口 {port}）</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Schools / sites</source>
            <translation>学校/站点</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Sign-in</source>
            <translation>签到</translation>
        </message>
        <message>
            <source>Stock</source>
            <translation>库存</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>同步</translation>
        </message>
        <message>
            <source>The laptop's clock moved by {h:.1f} h since the last sync: set the date and time, or sync (until then records keep the day of the last sync)</source>
            <translation>电脑时钟自上次同步后变动了 {h:.1f} 小时：请改正日期和时间，或同步一次（在此之前记录沿用上次同步的日期）</translation>
        </message>
        <message>
            <source>This laptop is not set up yet (Settings)</source>
            <translation>本机尚未设置（见“设置”）</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今日</translation>
        </message>
        <message>
            <source>Van: {van} · Laptop: {name}</source>
            <translation>车辆：{van} · 本机：{name}</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>活动</translation>
        </message>
    </context>
    <context>
        <name>OdometerBox</name>
        <message>
            <source>Check again</source>
            <translation>再核对一下</translation>
        </message>
        <message>
            <source>Departure</source>
            <translation>出车</translation>
        </message>
        <message>
            <source>Mileage</source>
            <translation>行驶里程</translation>
        </message>
        <message>
            <source>Mileage (odometer, km)</source>
            <translation>行驶里程（里程表读数，公里）</translation>
        </message>
        <message>
            <source>Not recorded for this day</source>
            <translation>当天尚未登记里程</translation>
        </message>
        <message>
            <source>Record mileage</source>
            <translation>保存里程</translation>
        </message>
        <message>
            <source>Recorded: {km} km</source>
            <translation>已记录：行驶 {km} 公里</translation>
        </message>
        <message>
            <source>Return</source>
            <translation>收车</translation>
        </message>
        <message>
            <source>Yes, record it</source>
            <translation>无误，保存</translation>
        </message>
        <message>
            <source>not entered</source>
            <translation>未填</translation>
        </message>
        <message>
            <source>{km} km in one day is more than 500 km. Are the readings right?</source>
            <translation>当天行驶 {km} 公里，超过 500 公里。读数确认无误吗？</translation>
        </message>
    </context>
    <context>
        <name>Operations</name>
        <message>
            <source>Cannot do that</source>
            <translation>无法完成操作</translation>
        </message>
    </context>
    <context>
        <name>PeerSync</name>
        <message>
            <source>Laptops exchanging with this one: {names}</source>
            <translation>正在与本机互传数据的电脑：{names}</translation>
        </message>
        <message>
            <source>No other laptop near by</source>
            <translation>附近没有其他电脑</translation>
        </message>
        <message>
            <source>Pairing code {code} (single use, until {until}). On the other laptop run:
caravan peer sync {address} --pair {code}</source>
            <translation>配对码 {code}（仅可使用一次，{until} 前有效）。请在另一台电脑上运行：
caravan peer sync {address} --pair {code}</translation>
        </message>
        <message>
            <source>Refused {name}: {reason}</source>
            <translation>已拒绝 {name}：{reason}</translation>
        </message>
    </context>
    <context>
        <name>PhotoStrip</name>
        <message>
            <source>Add a folder…</source>
            <translation>添加文件夹…</translation>
        </message>
        <message>
            <source>Add photos</source>
            <translation>添加照片</translation>
        </message>
        <message>
            <source>Add photos…</source>
            <translation>添加照片…</translation>
        </message>
        <message>
            <source>Add the photos of a folder (a camera card)</source>
            <translation>添加文件夹（相机存储卡）中的照片</translation>
        </message>
        <message>
            <source>Caption</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Caption of the photo</source>
            <translation>照片说明</translation>
        </message>
        <message>
            <source>Caption…</source>
            <translation>说明…</translation>
        </message>
        <message>
            <source>Chosen (精选)</source>
            <translation>精选</translation>
        </message>
        <message>
            <source>Photos (*.jpg *.jpeg *.png *.webp)</source>
            <translation>照片 (*.jpg *.jpeg *.png *.webp)</translation>
        </message>
        <message>
            <source>Public</source>
            <translation>可公开</translation>
        </message>
        <message>
            <source>Remove photo</source>
            <translation>删除照片</translation>
        </message>
        <message>
            <source>Remove…</source>
            <translation>删除…</translation>
        </message>
        <message>
            <source>Some files were not added</source>
            <translation>部分文件未添加</translation>
        </message>
        <message>
            <source>Why is this photo removed? (kept with the record)</source>
            <translation>删除这张照片的原因（随记录保存）：</translation>
        </message>
        <message>
            <source>{n} photos, {c} chosen</source>
            <translation>{n} 张照片，{c} 张精选</translation>
        </message>
    </context>
    <context>
        <name>PreviewPage</name>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>Check the preview</source>
            <translation>检查预览</translation>
        </message>
        <message>
            <source>File: {name}   Encoding: {enc}   Header in row {row}</source>
            <translation>文件：{name}　编码：{enc}　表头在第 {row} 行</translation>
        </message>
        <message>
            <source>Fix the column mapping if a column was not recognised. Rows in error are not imported.</source>
            <translation>如有列未识别，请调整列对应关系。有错误的行不会导入。</translation>
        </message>
        <message>
            <source>Importing sites</source>
            <translation>正在导入学校/站点</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>New: {new}   Unchanged: {same}   Changed: {changed}   With warnings: {warned}   In error: {bad}</source>
            <translation>新增：{new}   未变：{same}   有变化：{changed}   带警告：{warned}   错误：{bad}</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>行号</translation>
        </message>
        <message>
            <source>To import: {ok}   Already there: {dup}   In error: {bad}</source>
            <translation>将导入：{ok}　已存在：{dup}　有错误：{bad}</translation>
        </message>
        <message>
            <source>already there</source>
            <translation>已存在</translation>
        </message>
        <message>
            <source>changed</source>
            <translation>有变化</translation>
        </message>
        <message>
            <source>error</source>
            <translation>错误</translation>
        </message>
        <message>
            <source>new</source>
            <translation>新增</translation>
        </message>
        <message>
            <source>unchanged</source>
            <translation>未变</translation>
        </message>
        <message>
            <source>will import</source>
            <translation>将导入</translation>
        </message>
        <message>
            <source>{outcome}, check</source>
            <translation>{outcome}，请核对</translation>
        </message>
    </context>
    <context>
        <name>ProjectorView</name>
        <message>
            <source>Scan to sign in</source>
            <translation>扫码签到</translation>
        </message>
        <message>
            <source>{n} signed in</source>
            <translation>已签到 {n} 人</translation>
        </message>
    </context>
    <context>
        <name>RecordDialog</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Saving</source>
            <translation>正在保存</translation>
        </message>
    </context>
    <context>
        <name>RecoveryDialog</name>
        <message>
            <source>%1 records</source>
            <translation>%1 条记录</translation>
        </message>
        <message>
            <source>(damaged)</source>
            <translation>（已损坏）</translation>
        </message>
        <message>
            <source>Database problem</source>
            <translation>数据库问题</translation>
        </message>
        <message>
            <source>Details: %1</source>
            <translation>详细信息：%1</translation>
        </message>
        <message>
            <source>No backups found.</source>
            <translation>没有找到备份。</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>Rescue readable data</source>
            <translation>救出可读数据（推荐）</translation>
        </message>
        <message>
            <source>Restore selected backup</source>
            <translation>恢复所选备份</translation>
        </message>
        <message>
            <source>Try “Rescue readable data” first: it keeps everything that can still be read. Restoring a backup keeps this laptop's unsent changes where the damaged file still holds them (saved in the backups folder too); synced ones come back with the next sync.</source>
            <translation>请先试“抢救可读数据”：能读出的都会保留。恢复备份时，损坏文件中仍能读出的本机未同步修改会写回（也另存在备份文件夹中）；已同步的在下次同步时取回。</translation>
        </message>
        <message>
            <source>Try “Rescue readable data” first: it keeps everything that can still be read. Restoring a backup loses what was changed after it was made.</source>
            <translation>建议先点“救出可读数据”：能读出的数据都会保留。恢复备份会丢失备份之后的更改。</translation>
        </message>
    </context>
    <context>
        <name>ReopenVisitDialog</name>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Reopen</source>
            <translation>重新打开</translation>
        </message>
        <message>
            <source>Reopen visit</source>
            <translation>重新打开活动</translation>
        </message>
        <message>
            <source>Reopened by</source>
            <translation>操作人</translation>
        </message>
        <message>
            <source>The reason is recorded and printed on the report; verification codes printed before stop verifying.</source>
            <translation>原因将被记录并打印在报告上；此前打印的报告核验码将不再通过。</translation>
        </message>
        <message>
            <source>e.g. one class was not counted</source>
            <translation>例如：漏记了一个班</translation>
        </message>
    </context>
    <context>
        <name>ReportPreview</name>
        <message>
            <source>Generate a report to see it here.</source>
            <translation>生成报告后在此预览。</translation>
        </message>
        <message>
            <source>No preview on this computer; the PDF is ready to save, open or print.</source>
            <translation>本机无法预览；PDF 已生成，可保存、打开或打印。</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <source>Preview of the first %1 of %2 pages.</source>
            <translation>预览前 %1 页（共 %2 页）。</translation>
        </message>
    </context>
    <context>
        <name>ReportsPage</name>
        <message numerus="yes">
            <source>%n page(s): %1</source>
            <translation>
                <numerusform>共 %n 页：%1</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;Generate</source>
            <translation>生成报告(&amp;G)</translation>
        </message>
        <message>
            <source>&amp;Open in viewer</source>
            <translation>用 PDF 阅读器打开(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Print…</source>
            <translation>打印(&amp;P)…</translation>
        </message>
        <message>
            <source>&amp;Save PDF…</source>
            <translation>保存 PDF(&amp;S)…</translation>
        </message>
        <message>
            <source>All vans</source>
            <translation>全部大篷车</translation>
        </message>
        <message>
            <source>Certificates: %1 volunteers, %2</source>
            <translation>证明：%1 名志愿者，%2</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>核验</translation>
        </message>
        <message>
            <source>Check a verification code</source>
            <translation>核验活动记录表二维码</translation>
        </message>
        <message>
            <source>Copy the paragraph</source>
            <translation>复制摘要段落</translation>
        </message>
        <message>
            <source>Copy the work-report paragraph, ready to paste into a document</source>
            <translation>复制工作报告摘要段落，可直接粘贴到文档中</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Date range</source>
            <translation>日期范围</translation>
        </message>
        <message>
            <source>Day receipt</source>
            <translation>日结单</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Export &amp;CSV…</source>
            <translation>导出 CSV(&amp;C)…</translation>
        </message>
        <message>
            <source>Export &amp;Excel…</source>
            <translation>导出 Excel(&amp;E)…</translation>
        </message>
        <message>
            <source>Export Excel</source>
            <translation>导出 Excel</translation>
        </message>
        <message>
            <source>Exported: %1</source>
            <translation>已导出：%1</translation>
        </message>
        <message>
            <source>Exporting</source>
            <translation>正在导出</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>正在导出…</translation>
        </message>
        <message>
            <source>Folder for the CSV files</source>
            <translation>选择保存 CSV 的文件夹</translation>
        </message>
        <message>
            <source>From</source>
            <translation>开始日期</translation>
        </message>
        <message>
            <source>Generating report</source>
            <translation>正在生成报告</translation>
        </message>
        <message>
            <source>Generating…</source>
            <translation>正在生成…</translation>
        </message>
        <message>
            <source>Making certificates</source>
            <translation>生成证明</translation>
        </message>
        <message>
            <source>Making certificates…</source>
            <translation>正在生成证明…</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月份</translation>
        </message>
        <message>
            <source>No PDF viewer found. The file is at: %1</source>
            <translation>没有找到 PDF 阅读器。文件位置：%1</translation>
        </message>
        <message>
            <source>One service certificate per volunteer of the chosen period (PDF)</source>
            <translation>为所选期间的每位志愿者生成志愿服务记录证明（PDF）</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Paragraph copied: paste it into the work report.</source>
            <translation>已复制摘要段落，可粘贴到工作报告中。</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>统计期</translation>
        </message>
        <message>
            <source>Period statistics</source>
            <translation>工作统计</translation>
        </message>
        <message>
            <source>Preparing pages for the printer…</source>
            <translation>正在准备打印页面…</translation>
        </message>
        <message>
            <source>Printing</source>
            <translation>正在打印</translation>
        </message>
        <message>
            <source>Quarter</source>
            <translation>季度</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>保存 PDF</translation>
        </message>
        <message>
            <source>Save certificates</source>
            <translation>保存证明</translation>
        </message>
        <message>
            <source>Saved: %1</source>
            <translation>已保存：%1</translation>
        </message>
        <message>
            <source>Scan the QR, or type the report number and code</source>
            <translation>扫描二维码，或输入报告编号和核验码</translation>
        </message>
        <message numerus="yes">
            <source>Sent %n page(s) to the printer.</source>
            <translation>
                <numerusform>已发送 %n 页到打印机。</numerusform>
            </translation>
        </message>
        <message>
            <source>The preview shows an earlier choice. Press Generate to make the report chosen now.</source>
            <translation>预览的是之前选择的报告。请点“生成报告”，生成现在选择的报告。</translation>
        </message>
        <message>
            <source>The printer could not be started.</source>
            <translation>无法启动打印机。</translation>
        </message>
        <message>
            <source>To</source>
            <translation>结束日期</translation>
        </message>
        <message>
            <source>Use the report</source>
            <translation>使用报告</translation>
        </message>
        <message>
            <source>Van</source>
            <translation>大篷车</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>活动</translation>
        </message>
        <message>
            <source>Visit report</source>
            <translation>活动记录表</translation>
        </message>
        <message>
            <source>Volunteer certificates…</source>
            <translation>志愿服务证明…</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>年份</translation>
        </message>
    </context>
    <context>
        <name>ReportsPlaceholder</name>
        <message>
            <source>Completed visits: {v}
People served: {p}
Books handed out: {b}</source>
            <translation>已完成活动：{v} 场
服务人数：{p} 人次
发放图书：{b} 册</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>报告</translation>
        </message>
    </context>
    <context>
        <name>ReviewPage</name>
        <message>
            <source>Apply</source>
            <translation>更新</translation>
        </message>
        <message>
            <source>Apply &amp;all</source>
            <translation>全部更新(&amp;A)</translation>
        </message>
        <message>
            <source>Apply &amp;none</source>
            <translation>全不更新(&amp;N)</translation>
        </message>
        <message>
            <source>Importing sites</source>
            <translation>正在导入站点</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>New value</source>
            <translation>新值</translation>
        </message>
        <message>
            <source>Old value</source>
            <translation>原值</translation>
        </message>
        <message>
            <source>Review the changes</source>
            <translation>核对变化</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>行号</translation>
        </message>
        <message>
            <source>These sites are already in the app and the file gives other values. Tick the ones to update.</source>
            <translation>这些站点已在系统中，文件里的信息不同。请勾选要更新的站点。</translation>
        </message>
        <message>
            <source>{new} new sites will be added. No site in the app differs from the file.</source>
            <translation>将新增 {new} 个站点。系统中没有与文件不同的站点。</translation>
        </message>
        <message>
            <source>{new} new sites will be added. {changed} sites differ from the file.</source>
            <translation>将新增 {new} 个站点。{changed} 个站点与文件不同。</translation>
        </message>
    </context>
    <context>
        <name>ScanRouter</name>
        <message>
            <source>Answer the question first: this scan follows it.</source>
            <translation>请先回答上面的问题：这次扫码随后处理。</translation>
        </message>
        <message>
            <source>Arrive and record</source>
            <translation>到达并记录</translation>
        </message>
        <message>
            <source>Arrive now?</source>
            <translation>现在到达？</translation>
        </message>
        <message>
            <source>Badge not recorded: pick today's visit on Today and press Arrive.</source>
            <translation>胸卡未记录：请在「今日」页选择今天的活动并按「到达」。</translation>
        </message>
        <message>
            <source>Badge not recorded: this van has no visit today. Plan one on Visits.</source>
            <translation>胸卡未记录：本车今天没有活动。请在「活动」页安排活动。</translation>
        </message>
        <message>
            <source>Badge not recorded: today's visits are completed. To add to one, reopen it on Visits.</source>
            <translation>胸卡未记录：今天的活动已完成。如需补记，请在「活动」页重新打开该活动。</translation>
        </message>
        <message>
            <source>Badge read, but no visit is open: press Arrive on Today first.</source>
            <translation>已读取胸卡，但没有进行中的活动：请先在“今日”页点“到达”。</translation>
        </message>
        <message>
            <source>Do not record</source>
            <translation>不记录</translation>
        </message>
        <message>
            <source>Not recorded: the arrival could not be saved.</source>
            <translation>未记录：到达未能保存。</translation>
        </message>
        <message>
            <source>Not recorded: this visit has not been arrived at. Press Arrive on Today when you get there.</source>
            <translation>未记录：本次活动尚未到达。到达后请在「今日」页按「到达」。</translation>
        </message>
        <message>
            <source>To add to it, reopen the visit on Visits first.</source>
            <translation>如需补记，请先在「活动」页重新打开该活动。</translation>
        </message>
        <message>
            <source>this visit</source>
            <translation>本次活动</translation>
        </message>
        <message>
            <source>{name} had already signed in (duplicate, No. {n})</source>
            <translation>{name} 已签到过（重复，第 {n} 位）</translation>
        </message>
        <message>
            <source>{name} off duty {time}</source>
            <translation>{name} 下岗 {time}</translation>
        </message>
        <message>
            <source>{name} on duty {time}</source>
            <translation>{name} 上岗 {time}</translation>
        </message>
        <message>
            <source>{name} signed in (No. {n})</source>
            <translation>{name} 已签到（第 {n} 位）</translation>
        </message>
        <message>
            <source>{name} was just scanned: not counted again</source>
            <translation>{name} 刚刚已扫过，不重复计</translation>
        </message>
        <message>
            <source>{name}'s badge was scanned, but {site} has not been arrived at yet.
Recording it records the arrival now ({time}); the arrival time prints on the visit report.</source>
            <translation>已扫到{name}的胸卡，但「{site}」还没有到达。
记录这次扫码会把现在（{time}）记为到达时间，到达时间会印在活动报告上。</translation>
        </message>
        <message>
            <source>{n} more scans were not recorded either.</source>
            <translation>另有 {n} 次扫码也未记录。</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>&amp;Back up now</source>
            <translation>立即备份(&amp;B)</translation>
        </message>
        <message>
            <source>Backing up</source>
            <translation>正在备份</translation>
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
            <source>Badge scanner</source>
            <translation>胸卡扫码枪</translation>
        </message>
        <message>
            <source>Chinese font: {f}</source>
            <translation>中文字体：{f}</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>Data folder</source>
            <translation>数据文件夹</translation>
        </message>
        <message>
            <source>Device id</source>
            <translation>设备编号</translation>
        </message>
        <message>
            <source>Guardians consented: ask pupils for name and phone</source>
            <translation>已取得监护人同意：向小学生、初中生询问姓名和手机号</translation>
        </message>
        <message>
            <source>Keys closer together than this are a scanner; a person types slower. 20 ms suits most scanners.</source>
            <translation>按键间隔短于此值视为扫码枪，人打字更慢。大多数扫码枪用 20 毫秒即可。</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Laptop name</source>
            <translation>本机名称</translation>
        </message>
        <message>
            <source>Latest backup: {p}</source>
            <translation>最近备份：{p}</translation>
        </message>
        <message>
            <source>Longest gap between keys</source>
            <translation>按键最长间隔</translation>
        </message>
        <message>
            <source>No Chinese font found: Chinese text may show as boxes.</source>
            <translation>未找到中文字体：中文可能显示为方框。</translation>
        </message>
        <message>
            <source>Notice</source>
            <translation>签到告知</translation>
        </message>
        <message>
            <source>Open folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <source>Our badges are recognised by their shape at any speed up to this gap between keys; 150 ms suits scanners up to 100 ms a key. A test scan sets it.</source>
            <translation>本系统的胸卡按其格式识别，按键间隔在此以内的任何速度都可以；150 ms 适合每字符 100 ms 以内的扫码枪。测试扫码会自动设置。</translation>
        </message>
        <message>
            <source>Our badges: longest gap</source>
            <translation>本系统胸卡最长间隔</translation>
        </message>
        <message>
            <source>Personal information</source>
            <translation>个人信息保护</translation>
        </message>
        <message>
            <source>Prefix the scanner adds</source>
            <translation>扫码枪添加的前缀</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>已保存。</translation>
        </message>
        <message>
            <source>Saved. The new language applies when the app starts next time.</source>
            <translation>已保存。下次启动程序时使用新语言。</translation>
        </message>
        <message>
            <source>Saved. The next scan uses it.</source>
            <translation>已保存，下一次扫码即生效。</translation>
        </message>
        <message>
            <source>Scan one of our badges now (Esc cancels)…</source>
            <translation>请现在扫描一张本系统的胸卡（Esc 取消）…</translation>
        </message>
        <message>
            <source>Scan one of our badges: the scanner's speed, prefix and suffix are measured and saved.</source>
            <translation>扫描一张本系统的胸卡：测出扫码枪的速度、前缀和后缀并保存。</translation>
        </message>
        <message>
            <source>Scanner measured: about {mean} ms a key (slowest {worst} ms), prefix “{prefix}”, suffix “{suffix}”. Saved: our badges are recognised up to {slow} ms a key.</source>
            <translation>已测得扫码枪：每字符约 {mean} ms（最慢 {worst} ms），前缀“{prefix}”，后缀“{suffix}”。已保存：每字符 {slow} ms 以内的本系统胸卡都能识别。</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Suffix the scanner adds</source>
            <translation>扫码枪添加的后缀</translation>
        </message>
        <message>
            <source>Test scan not used: {why}</source>
            <translation>测试扫码未采用：{why}</translation>
        </message>
        <message>
            <source>Test scan…</source>
            <translation>测试扫码…</translation>
        </message>
        <message>
            <source>This laptop</source>
            <translation>本机</translation>
        </message>
        <message>
            <source>Van</source>
            <translation>车辆</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
    </context>
    <context>
        <name>ShellServices</name>
        <message>
            <source>Removing expired personal data</source>
            <translation>正在删除过期的个人信息</translation>
        </message>
    </context>
    <context>
        <name>SigninListView</name>
        <message>
            <source>Badge</source>
            <translation>胸卡</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>核对</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Manual</source>
            <translation>手工录入</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方式</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Not a duplicate</source>
            <translation>不是重复</translation>
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
            <source>Phone QR</source>
            <translation>手机扫码</translation>
        </message>
        <message>
            <source>Possible duplicate</source>
            <translation>可能重复</translation>
        </message>
        <message>
            <source>Search name or organisation</source>
            <translation>搜索姓名或单位</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Void…</source>
            <translation>作废…</translation>
        </message>
        <message>
            <source>{d} possible duplicates</source>
            <translation>{d} 条可能重复</translation>
        </message>
        <message>
            <source>{n} signed in</source>
            <translation>已签到 {n} 人</translation>
        </message>
    </context>
    <context>
        <name>SigninPage</name>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Cannot open port {port} ({error}). Choose another port.</source>
            <translation>无法使用端口 {port}（{error}），请换一个端口。</translation>
        </message>
        <message>
            <source>Choose a visit first.</source>
            <translation>请先选择活动。</translation>
        </message>
        <message>
            <source>Close phone sign-in</source>
            <translation>关闭扫码签到</translation>
        </message>
        <message>
            <source>Close rating QR</source>
            <translation>关闭评价二维码</translation>
        </message>
        <message>
            <source>Full screen</source>
            <translation>全屏显示</translation>
        </message>
        <message>
            <source>New link</source>
            <translation>更换链接</translation>
        </message>
        <message>
            <source>Open phone sign-in</source>
            <translation>开启扫码签到</translation>
        </message>
        <message>
            <source>Phone sign-in</source>
            <translation>手机扫码签到</translation>
        </message>
        <message>
            <source>Phone sign-in is closed.</source>
            <translation>扫码签到未开启。</translation>
        </message>
        <message>
            <source>Phone sign-in is open in another program on this laptop.</source>
            <translation>本机另一个程序正在开启扫码签到。</translation>
        </message>
        <message>
            <source>Phone sign-in is open.</source>
            <translation>扫码签到已开启。</translation>
        </message>
        <message>
            <source>Phones on the same network open: {url}</source>
            <translation>同一网络的手机访问：{url}</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>端口</translation>
        </message>
        <message>
            <source>Print badges</source>
            <translation>打印胸卡</translation>
        </message>
        <message>
            <source>Print poster</source>
            <translation>打印签到海报</translation>
        </message>
        <message>
            <source>Print sign-in sheet</source>
            <translation>打印签到表</translation>
        </message>
        <message>
            <source>Printing</source>
            <translation>正在生成</translation>
        </message>
        <message>
            <source>Printing and badges</source>
            <translation>打印与胸卡</translation>
        </message>
        <message>
            <source>Printing badges</source>
            <translation>正在生成胸卡</translation>
        </message>
        <message>
            <source>Rating QR</source>
            <translation>评价二维码</translation>
        </message>
        <message>
            <source>Replace the sign-in link: QR codes printed before stop working</source>
            <translation>更换签到链接：之前打印的二维码将失效</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>保存 PDF</translation>
        </message>
        <message>
            <source>Saved {path}</source>
            <translation>已保存：{path}</translation>
        </message>
        <message>
            <source>Scan a badge with the scanner: no need to click anywhere first.</source>
            <translation>用扫码枪扫描胸卡即可，无需先点击输入框。</translation>
        </message>
        <message>
            <source>Sign-in</source>
            <translation>签到</translation>
        </message>
        <message>
            <source>Sign-ins arrive in the list below. Close it here to stop the other program taking them.</source>
            <translation>签到会显示在下方列表中。在此关闭即可让另一个程序停止接收签到。</translation>
        </message>
        <message>
            <source>The laptop's address on the hotspot or school network</source>
            <translation>本机在热点或学校网络中的地址</translation>
        </message>
        <message>
            <source>The rating page is open; phone sign-in stays closed.</source>
            <translation>评价页面已打开；扫码签到仍关闭。</translation>
        </message>
        <message>
            <source>The school can rate the visit once it is completed.</source>
            <translation>活动完成后学校才能评价。</translation>
        </message>
        <message>
            <source>The school rates the visit at: {url}</source>
            <translation>学校扫码或打开此地址评价：{url}</translation>
        </message>
        <message>
            <source>The visit has ended: phone sign-in is closed.</source>
            <translation>活动已结束，扫码签到已关闭。</translation>
        </message>
        <message>
            <source>This laptop is on no network: turn on its mobile hotspot so phones can connect.</source>
            <translation>本机未连接任何网络：请打开移动热点，手机连接后即可签到。</translation>
        </message>
        <message>
            <source>When the visit is done, the school scans it to rate the visit</source>
            <translation>活动完成后，学校扫码评价这次活动</translation>
        </message>
        <message>
            <source>{n} signed in</source>
            <translation>已签到 {n} 人</translation>
        </message>
    </context>
    <context>
        <name>SigninPlaceholder</name>
        <message>
            <source>Quick sign-in by name is on the Today page.</source>
            <translation>按姓名快速签到请到“今日”页。</translation>
        </message>
        <message>
            <source>Sign-ins</source>
            <translation>签到记录</translation>
        </message>
    </context>
    <context>
        <name>SiteDialog</name>
        <message>
            <source>Add anyway</source>
            <translation>仍然新增</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>County</source>
            <translation>县市区</translation>
        </message>
        <message>
            <source>Do not add</source>
            <translation>不新增</translation>
        </message>
        <message>
            <source>Edit site</source>
            <translation>编辑学校/站点</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>New site</source>
            <translation>新建学校/站点</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Site already there</source>
            <translation>站点已存在</translation>
        </message>
        <message>
            <source>Students</source>
            <translation>学生数</translation>
        </message>
        <message>
            <source>Town</source>
            <translation>乡镇(街道)</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>{county} already has a site named {name} (contact: {contact}). Add another one?</source>
            <translation>{county}已有名为“{name}”的站点（联系人：{contact}）。仍要再新增一个吗？</translation>
        </message>
    </context>
    <context>
        <name>SitesPage</name>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Import list…</source>
            <translation>导入名单(&amp;I)…</translation>
        </message>
        <message>
            <source>&amp;New site</source>
            <translation>新建(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Towns…</source>
            <translation>乡镇覆盖(&amp;T)…</translation>
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
            <source>Contact</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>County</source>
            <translation>县市区</translation>
        </message>
        <message>
            <source>Last visit</source>
            <translation>最近一次活动</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Not visited this year</source>
            <translation>本年未到访</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Schools / sites</source>
            <translation>学校/站点</translation>
        </message>
        <message>
            <source>Search name, town, address or contact</source>
            <translation>搜索名称、乡镇、地址或联系人</translation>
        </message>
        <message>
            <source>Students</source>
            <translation>学生数</translation>
        </message>
        <message>
            <source>Town</source>
            <translation>乡镇(街道)</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Visits this year</source>
            <translation>本年活动</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未</translation>
        </message>
        <message>
            <source>{n} sites</source>
            <translation>共 {n} 个</translation>
        </message>
    </context>
    <context>
        <name>StartupWindow</name>
        <message>
            <source>Badges can be scanned already</source>
            <translation>现在即可扫胸牌</translation>
        </message>
        <message>
            <source>Caravan Field Log</source>
            <translation>科普大篷车外勤系统</translation>
        </message>
        <message>
            <source>Keys 1–6 count already; badges can be scanned</source>
            <translation>现在即可按 1–6 计数，也可扫胸牌</translation>
        </message>
        <message>
            <source>No visit planned today.</source>
            <translation>今天没有计划的活动。</translation>
        </message>
        <message>
            <source>Opening the data…</source>
            <translation>正在打开数据…</translation>
        </message>
        <message>
            <source>Taken while starting: {n} counts, {s} scans — saved when the data is open</source>
            <translation>启动中已记下：计数 {n} 次，扫码 {s} 次——数据打开后保存</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今日</translation>
        </message>
        <message>
            <source>{site} — {status}
Counted {n}: {counts}
Signed in: {s}</source>
            <translation>{site} — {status}
已统计 {n} 人：{counts}
已签到：{s}</translation>
        </message>
    </context>
    <context>
        <name>StockPage</name>
        <message>
            <source>&amp;Day close…</source>
            <translation>日结(&amp;D)…</translation>
        </message>
        <message>
            <source>&amp;Record</source>
            <translation>记录(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Undo selected entry…</source>
            <translation>撤销所选记录…(&amp;U)</translation>
        </message>
        <message>
            <source>Adjust (correction)</source>
            <translation>调整（更正）</translation>
        </message>
        <message>
            <source>Balance per title</source>
            <translation>各书目库存</translation>
        </message>
        <message>
            <source>Below zero: {names}. Two laptops of this van handed out while offline, or a hand-out was entered twice. Count the books on the van and correct it with Adjust (give the reason).</source>
            <translation>库存为负：{names}。可能是本车两台电脑离线时分别发放，或同一次发放记了两遍。请清点车上图书，用“调整”更正（写明原因）。</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>变动</translation>
        </message>
        <message>
            <source>Close the day anyway</source>
            <translation>直接日结</translation>
        </message>
        <message>
            <source>Day close</source>
            <translation>日结</translation>
        </message>
        <message>
            <source>Day close recorded. Differences:</source>
            <translation>日结已记录。差异：</translation>
        </message>
        <message>
            <source>Day close recorded: the count matches the ledger.</source>
            <translation>日结已记录：实点与账面一致。</translation>
        </message>
        <message>
            <source>Entry</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Go to Sync</source>
            <translation>去同步</translation>
        </message>
        <message>
            <source>Load onto the van</source>
            <translation>装车</translation>
        </message>
        <message>
            <source>Not enough stock</source>
            <translation>库存不足</translation>
        </message>
        <message>
            <source>On the van</source>
            <translation>车上库存</translation>
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
            <source>Recent entries</source>
            <translation>最近记录</translation>
        </message>
        <message>
            <source>Recipient / reason</source>
            <translation>领取人/原因</translation>
        </message>
        <message>
            <source>Record anyway</source>
            <translation>仍然记录</translation>
        </message>
        <message>
            <source>Record it anyway? The override is recorded.</source>
            <translation>仍要记录吗？超出库存将被记录。</translation>
        </message>
        <message>
            <source>Return (copies given back)</source>
            <translation>退回（发出后退还）</translation>
        </message>
        <message>
            <source>Select an entry in the list first.</source>
            <translation>请先在列表中选择一条记录。</translation>
        </message>
        <message>
            <source>Stock</source>
            <translation>库存</translation>
        </message>
        <message>
            <source>Stock movement</source>
            <translation>出入库</translation>
        </message>
        <message>
            <source>There are no books or materials yet. Add them on the 资料 page (People &amp; books) first.</source>
            <translation>还没有任何图书资料。请先在“资料”页添加。</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>书名</translation>
        </message>
        <message>
            <source>To van</source>
            <translation>调入车辆</translation>
        </message>
        <message>
            <source>Transfer to another van</source>
            <translation>调拨到其他车辆</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Undo anyway</source>
            <translation>仍要撤销</translation>
        </message>
        <message>
            <source>Undo anyway? The override is recorded.</source>
            <translation>仍要撤销吗？超出库存的确认将被记录。</translation>
        </message>
        <message>
            <source>Undo this entry?</source>
            <translation>撤销这条记录？</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Unload to the depot</source>
            <translation>卸车（回库）</translation>
        </message>
        <message>
            <source>Van</source>
            <translation>车辆</translation>
        </message>
        <message>
            <source>What</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>optional</source>
            <translation>可选</translation>
        </message>
        <message>
            <source>required</source>
            <translation>必填</translation>
        </message>
        <message>
            <source>{n} changes on this laptop are not synced yet. Sync first so the office sees today's work?</source>
            <translation>本机还有 {n} 条更改未同步。先同步，让办公室看到今天的工作吗？</translation>
        </message>
        <message>
            <source>《{name}》 {qty}</source>
            <translation>《{name}》{qty}</translation>
        </message>
    </context>
    <context>
        <name>SyncController</name>
        <message>
            <source>Syncing with the hub</source>
            <translation>正在与中心同步</translation>
        </message>
    </context>
    <context>
        <name>SyncPage</name>
        <message>
            <source>Book / material</source>
            <translation>图书/物资</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Caravan</source>
            <translation>大篷车</translation>
        </message>
        <message>
            <source>Changes the hub refused (with its reason)</source>
            <translation>服务器拒收的更改（及原因）</translation>
        </message>
        <message>
            <source>Changes waiting</source>
            <translation>待同步的更改</translation>
        </message>
        <message>
            <source>Connection</source>
            <translation>连接</translation>
        </message>
        <message>
            <source>Crew on/off duty</source>
            <translation>队员上岗/离岗</translation>
        </message>
        <message>
            <source>Day close</source>
            <translation>日结</translation>
        </message>
        <message>
            <source>Enroll</source>
            <translation>注册</translation>
        </message>
        <message>
            <source>Enroll this laptop</source>
            <translation>注册本机</translation>
        </message>
        <message>
            <source>Enrolled with {server} (caravan {caravan}).</source>
            <translation>已注册到 {server}（车辆：{caravan}）。</translation>
        </message>
        <message>
            <source>Enrolling</source>
            <translation>正在注册</translation>
        </message>
        <message>
            <source>Enter a new one-time code from the hub's operator below.</source>
            <translation>请在下方输入服务器管理员给的新注册码。</translation>
        </message>
        <message>
            <source>Enter the hub address and the one-time code.</source>
            <translation>请输入服务器地址和一次性注册码。</translation>
        </message>
        <message>
            <source>Head count</source>
            <translation>人数统计</translation>
        </message>
        <message>
            <source>Hub</source>
            <translation>服务器</translation>
        </message>
        <message>
            <source>Hub address</source>
            <translation>服务器地址</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Laptop</source>
            <translation>笔记本电脑</translation>
        </message>
        <message>
            <source>Laptop clock</source>
            <translation>电脑时钟</translation>
        </message>
        <message>
            <source>Last successful sync</source>
            <translation>上次成功同步</translation>
        </message>
        <message>
            <source>One-time code</source>
            <translation>一次性注册码</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>人员</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Records this laptop cannot read, set aside and left out of every figure (ask the hub's operator to retract them)</source>
            <translation>本机无法读取的记录已搁置，不计入任何统计（请服务器管理员撤回）</translation>
        </message>
        <message>
            <source>School / site</source>
            <translation>学校/站点</translation>
        </message>
        <message>
            <source>Show a pairing code</source>
            <translation>显示配对码</translation>
        </message>
        <message>
            <source>Sign-in</source>
            <translation>签到</translation>
        </message>
        <message>
            <source>Stock movement</source>
            <translation>库存变动</translation>
        </message>
        <message>
            <source>Stopping after the current step…</source>
            <translation>完成当前步骤后停止…</translation>
        </message>
        <message>
            <source>Sync now</source>
            <translation>立即同步</translation>
        </message>
        <message>
            <source>Sync stopped. Nothing is lost; sync again to finish.</source>
            <translation>同步已停止。数据不会丢失，再同步一次即可完成。</translation>
        </message>
        <message>
            <source>Sync with the hub</source>
            <translation>与服务器同步</translation>
        </message>
        <message>
            <source>Synced: {pushed} sent, {pulled} received.</source>
            <translation>同步完成：上传 {pushed} 条，下载 {pulled} 条。</translation>
        </message>
        <message>
            <source>Syncing with the hub</source>
            <translation>正在与服务器同步</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>正在同步…</translation>
        </message>
        <message>
            <source>This laptop's clock is off by {m:.0f} minutes. Set the correct time in Windows (sync keeps working, but records show the laptop's time).</source>
            <translation>这台电脑的时钟偏差约 {m:.0f} 分钟，请在 Windows 中校准时间（同步不受影响，但记录上显示的是电脑的时间）。</translation>
        </message>
        <message>
            <source>This laptop's clock moved by {h:.1f} hours since the last sync. Set the date and time in Windows, or sync now: until then records keep the day of the last sync.</source>
            <translation>这台电脑的时钟自上次同步后变动了 {h:.1f} 小时。请在 Windows 中改正日期和时间，或现在同步一次：在此之前，记录沿用上次同步的日期。</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>活动</translation>
        </message>
        <message>
            <source>When</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未</translation>
        </message>
        <message>
            <source>not connected yet</source>
            <translation>尚未连接</translation>
        </message>
        <message>
            <source>not enrolled</source>
            <translation>未注册</translation>
        </message>
        <message>
            <source>not reachable; will retry</source>
            <translation>连不上，稍后自动重试</translation>
        </message>
        <message>
            <source>reachable</source>
            <translation>可以连接</translation>
        </message>
        <message>
            <source>{n} changes were refused; see the list below.</source>
            <translation>有 {n} 条更改被服务器拒收，见下方列表。</translation>
        </message>
        <message>
            <source>{s:+.1f} s from the hub's clock</source>
            <translation>与服务器时钟相差 {s:+.1f} 秒</translation>
        </message>
    </context>
    <context>
        <name>SyncPlaceholder</name>
        <message>
            <source>Changes not yet synced: {n}</source>
            <translation>未同步的更改：{n} 条</translation>
        </message>
        <message>
            <source>Count again</source>
            <translation>重新统计</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>同步</translation>
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
            <source>&amp;Complete visit</source>
            <translation>完成活动(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Sign in</source>
            <translation>签到(&amp;S)</translation>
        </message>
        <message>
            <source>Add (key {n})</source>
            <translation>增加（按键 {n}）</translation>
        </message>
        <message>
            <source>Books handed out: {n}</source>
            <translation>发放图书：{n} 册</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Complete</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Complete the visit at {site}?</source>
            <translation>完成在“{site}”的活动吗？</translation>
        </message>
        <message>
            <source>Complete visit</source>
            <translation>完成活动</translation>
        </message>
        <message>
            <source>Complete, keep {t}</source>
            <translation>完成，离开时间仍为 {t}</translation>
        </message>
        <message>
            <source>Complete, left now</source>
            <translation>完成，离开时间改为现在</translation>
        </message>
        <message>
            <source>Completing the visit</source>
            <translation>正在完成活动</translation>
        </message>
        <message>
            <source>Crew hours: {h}</source>
            <translation>志愿服务时长：{h}</translation>
        </message>
        <message>
            <source>Crew on duty</source>
            <translation>在岗人员</translation>
        </message>
        <message>
            <source>Esc: back to counting. Click a text box to type.</source>
            <translation>Esc：回到计数。点击输入框即可输入文字。</translation>
        </message>
        <message>
            <source>Hand out &amp;books</source>
            <translation>发放图书(&amp;B)</translation>
        </message>
        <message>
            <source>Head count by group</source>
            <translation>分类人数统计</translation>
        </message>
        <message>
            <source>How many one key or button adds; back to 1 after each use</source>
            <translation>按一次键或按钮加多少；用过一次后回到 1</translation>
        </message>
        <message>
            <source>Keyboard: counting 1–6</source>
            <translation>键盘：计数 1–6</translation>
        </message>
        <message>
            <source>Keyboard: nothing to count yet</source>
            <translation>键盘：尚未开始计数</translation>
        </message>
        <message>
            <source>Keyboard: typing text (Esc: count)</source>
            <translation>键盘：输入文字（Esc 回到计数）</translation>
        </message>
        <message>
            <source>Name, then Enter</source>
            <translation>输入姓名后按回车</translation>
        </message>
        <message>
            <source>No visit planned for this van today. Add one on the Visits page.</source>
            <translation>本车今天没有计划的活动。请在“活动”页添加。</translation>
        </message>
        <message>
            <source>Nobody on duty</source>
            <translation>暂无人员在岗</translation>
        </message>
        <message>
            <source>Not yet</source>
            <translation>暂不</translation>
        </message>
        <message>
            <source>On / off &amp;duty</source>
            <translation>上岗/下岗(&amp;D)</translation>
        </message>
        <message>
            <source>On duty: {names}</source>
            <translation>在岗：{names}</translation>
        </message>
        <message>
            <source>People counted: {n}</source>
            <translation>统计人数：{n} 人</translation>
        </message>
        <message>
            <source>Phones sign in by scanning the visit's QR code</source>
            <translation>手机扫描本次活动的二维码签到</translation>
        </message>
        <message>
            <source>Print visit &amp;report</source>
            <translation>打印活动记录表(&amp;R)</translation>
        </message>
        <message>
            <source>Print visit report</source>
            <translation>打印活动记录表</translation>
        </message>
        <message>
            <source>Quick sign-in</source>
            <translation>快速签到</translation>
        </message>
        <message>
            <source>Record arrival at the school and start the visit</source>
            <translation>记录到达学校并开始活动</translation>
        </message>
        <message>
            <source>School / class (optional)</source>
            <translation>学校/班级（可不填）</translation>
        </message>
        <message>
            <source>School / class / village (optional)</source>
            <translation>学校/班级/村（可选）</translation>
        </message>
        <message>
            <source>Sign-in &amp;QR</source>
            <translation>签到二维码(&amp;Q)</translation>
        </message>
        <message>
            <source>Signed in individually: {n}</source>
            <translation>个人签到：{n} 人</translation>
        </message>
        <message>
            <source>Signed in: {n}</source>
            <translation>已签到：{n} 人</translation>
        </message>
        <message>
            <source>Take away (Ctrl+Shift+{n})</source>
            <translation>减少（Ctrl+Shift+{n}）</translation>
        </message>
        <message>
            <source>The van left at {t}: keep that departure time?</source>
            <translation>大篷车已于 {t} 离开：保留这个离开时间吗？</translation>
        </message>
        <message>
            <source>The visit report for the school to sign and stamp</source>
            <translation>活动记录表，供学校签字盖章</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今日</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>合计</translation>
        </message>
        <message>
            <source>Visit completed</source>
            <translation>活动已完成</translation>
        </message>
        <message>
            <source>arrived {t}</source>
            <translation>{t} 到达</translation>
        </message>
        <message>
            <source>each </source>
            <translation>每次 </translation>
        </message>
        <message>
            <source>step </source>
            <translation>每次 </translation>
        </message>
        <message>
            <source>{name} had already signed in (No. {n})</source>
            <translation>{name} 已签到过（第 {n} 位）</translation>
        </message>
        <message>
            <source>{name} had already signed in: duplicate, not counted again (No. {n})</source>
            <translation>{name} 已签到过：重复，不再计数（第 {n} 位）</translation>
        </message>
        <message>
            <source>{name} signed in: No. {n}</source>
            <translation>{name} 签到成功：第 {n} 位</translation>
        </message>
        <message>
            <source>{n} h</source>
            <translation>{n} 小时</translation>
        </message>
        <message>
            <source>{n} min</source>
            <translation>{n} 分钟</translation>
        </message>
    </context>
    <context>
        <name>TownCoverageDialog</name>
        <message>
            <source>(no town)</source>
            <translation>（未填乡镇）</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>County</source>
            <translation>县市区</translation>
        </message>
        <message>
            <source>Coverage by town this year</source>
            <translation>本年各乡镇覆盖情况</translation>
        </message>
        <message>
            <source>Not visited this year</source>
            <translation>本年未到访</translation>
        </message>
        <message>
            <source>Town</source>
            <translation>乡镇(街道)</translation>
        </message>
        <message>
            <source>Visited / sites</source>
            <translation>已到访 / 站点数</translation>
        </message>
        <message>
            <source>{n} of {m} towns not visited this year</source>
            <translation>{m} 个乡镇中有 {n} 个本年未到访</translation>
        </message>
    </context>
    <context>
        <name>VisitDialog</name>
        <message>
            <source>(guess from the theme)</source>
            <translation>（按主题自动判断）</translation>
        </message>
        <message>
            <source>Activities</source>
            <translation>活动内容</translation>
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
            <source>Edit visit</source>
            <translation>编辑活动</translation>
        </message>
        <message>
            <source>New visit</source>
            <translation>新建活动</translation>
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
            <source>School / site</source>
            <translation>学校/站点</translation>
        </message>
        <message>
            <source>Statistics category</source>
            <translation>统计类别</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>主题</translation>
        </message>
        <message>
            <source>Van</source>
            <translation>车辆</translation>
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
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;New visit</source>
            <translation>新建活动(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Open in Today</source>
            <translation>在“今日”中打开(&amp;O)</translation>
        </message>
        <message>
            <source>Accept</source>
            <translation>接单</translation>
        </message>
        <message>
            <source>Activities</source>
            <translation>活动内容</translation>
        </message>
        <message>
            <source>All counties</source>
            <translation>全部县市区</translation>
        </message>
        <message>
            <source>All dates</source>
            <translation>全部日期</translation>
        </message>
        <message>
            <source>Any status</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>Cancel this visit?</source>
            <translation>取消这场活动吗？</translation>
        </message>
        <message>
            <source>Cancel visit</source>
            <translation>取消活动</translation>
        </message>
        <message>
            <source>Coming 7 days</source>
            <translation>未来7天</translation>
        </message>
        <message>
            <source>County</source>
            <translation>县市区</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Decline</source>
            <translation>不接单</translation>
        </message>
        <message>
            <source>Decline…</source>
            <translation>不接单…</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Delete this planned visit?</source>
            <translation>删除这场计划中的活动吗？</translation>
        </message>
        <message>
            <source>From … to …</source>
            <translation>自定义日期…</translation>
        </message>
        <message>
            <source>Office review: {state}</source>
            <translation>办公室审核：{state}</translation>
        </message>
        <message>
            <source>Office review: {state}. Reopen the visit, correct it and complete it again to resubmit.</source>
            <translation>办公室审核：{state}。请重新打开活动，修改后再次完成即可重新提交。</translation>
        </message>
        <message>
            <source>Reopen</source>
            <translation>重新打开</translation>
        </message>
        <message>
            <source>Request {number}: {who}</source>
            <translation>点单 {number}：{who}</translation>
        </message>
        <message>
            <source>Returned by the office: {reason}. Complete the visit again to resubmit it.</source>
            <translation>办公室退回：{reason}。修改后再次完成活动即可重新提交。</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>审核</translation>
        </message>
        <message>
            <source>School / site</source>
            <translation>学校/站点</translation>
        </message>
        <message>
            <source>Search school or theme</source>
            <translation>搜索学校或主题</translation>
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
            <source>This month</source>
            <translation>本月</translation>
        </message>
        <message>
            <source>This year</source>
            <translation>今年</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今日</translation>
        </message>
        <message>
            <source>Van</source>
            <translation>车辆</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>活动</translation>
        </message>
        <message>
            <source>Why can the crew not make this visit? (the office plans it again)</source>
            <translation>车组为什么不能完成这次活动？（办公室会重新安排）</translation>
        </message>
        <message>
            <source>accepted</source>
            <translation>已接单</translation>
        </message>
        <message>
            <source>declined: {reason}</source>
            <translation>未接单：{reason}</translation>
        </message>
        <message>
            <source>{n} people</source>
            <translation>{n} 人</translation>
        </message>
        <message>
            <source>{n} visits</source>
            <translation>共 {n} 场</translation>
        </message>
    </context>
    <context>
        <name>VoidSigninDialog</name>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Void</source>
            <translation>作废</translation>
        </message>
        <message>
            <source>Void sign-in</source>
            <translation>作废签到</translation>
        </message>
        <message>
            <source>Void the sign-in of {name}? It leaves every count, list and report.</source>
            <translation>作废 {name} 的签到？作废后不计入人数、名单和报告。</translation>
        </message>
        <message>
            <source>e.g. typed by mistake</source>
            <translation>例如：误输入</translation>
        </message>
    </context>
    <context>
        <name>_CrewPage</name>
        <message>
            <source>Crew (optional)</source>
            <translation>工作人员（可跳过）</translation>
        </message>
        <message>
            <source>One name per line</source>
            <translation>每行一个姓名</translation>
        </message>
        <message>
            <source>The van's crew, one name per line; badges can be printed on 资料. Press Finish to save.</source>
            <translation>本车工作人员，每行一个姓名；胸卡可在“资料”页打印。按“完成并保存”保存全部设置。</translation>
        </message>
    </context>
    <context>
        <name>_EnrollPage</name>
        <message>
            <source>Connect to the hub (optional)</source>
            <translation>连接数据中心（可跳过）</translation>
        </message>
        <message>
            <source>Enroll and fetch the vans</source>
            <translation>注册并获取车辆列表</translation>
        </message>
        <message>
            <source>Enrolled with {server} (caravan {caravan}).</source>
            <translation>已在 {server} 注册（车辆 {caravan}）。</translation>
        </message>
        <message>
            <source>Enrolling</source>
            <translation>正在注册</translation>
        </message>
        <message>
            <source>Enrolling…</source>
            <translation>正在注册…</translation>
        </message>
        <message>
            <source>Enter the hub address and the one-time code.</source>
            <translation>请输入中心地址和一次性注册码。</translation>
        </message>
        <message>
            <source>Hub address</source>
            <translation>中心地址</translation>
        </message>
        <message>
            <source>One-time code</source>
            <translation>一次性注册码</translation>
        </message>
        <message>
            <source>With an address and a one-time code from the office, this laptop joins the hub and gets its vans, schools and books. No network now? Press Next: you can enroll later on 同步.</source>
            <translation>填入办公室提供的中心地址和一次性注册码，本机即可加入数据中心并获取车辆、学校和图书。现在没有网络？请按“下一步”，以后可在“同步”页注册。</translation>
        </message>
    </context>
    <context>
        <name>_SitesPage</name>
        <message>
            <source>CSV or Excel file from the office</source>
            <translation>办公室提供的 CSV 或 Excel 文件</translation>
        </message>
        <message>
            <source>Check the list</source>
            <translation>检查名单</translation>
        </message>
        <message>
            <source>Choose file…</source>
            <translation>选择文件…</translation>
        </message>
        <message>
            <source>Reading the list</source>
            <translation>正在读取名单</translation>
        </message>
        <message>
            <source>Schools and sites (optional)</source>
            <translation>学校和站点（可跳过）</translation>
        </message>
        <message>
            <source>Site list</source>
            <translation>学校名单</translation>
        </message>
        <message>
            <source>Skip this if the hub already has the schools, or import them later.</source>
            <translation>如果数据中心已有学校名单，或想以后再导入，可跳过此步。</translation>
        </message>
        <message>
            <source>{ok} sites will be imported at the end ({dup} already known, {bad} rows with errors).</source>
            <translation>完成时将导入 {ok} 个站点（{dup} 个已存在，{bad} 行有错误）。</translation>
        </message>
    </context>
    <context>
        <name>_Tab</name>
        <message>
            <source>(deactivated)</source>
            <translation>（已停用）</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>新增</translation>
        </message>
        <message>
            <source>Deactivate</source>
            <translation>停用</translation>
        </message>
        <message>
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <source>Reactivate</source>
            <translation>恢复使用</translation>
        </message>
        <message>
            <source>Show deactivated</source>
            <translation>显示已停用的</translation>
        </message>
    </context>
    <context>
        <name>_TitlesPage</name>
        <message>
            <source>Add titles from a file…</source>
            <translation>从文件添加书目…</translation>
        </message>
        <message>
            <source>Books and materials (optional)</source>
            <translation>图书资料（可跳过）</translation>
        </message>
        <message>
            <source>Tick the titles this van hands out; more can be added on 资料 later.</source>
            <translation>勾选本车发放的图书资料；以后可在“资料”页继续添加。</translation>
        </message>
        <message>
            <source>Title list</source>
            <translation>书目清单</translation>
        </message>
    </context>
    <context>
        <name>_VanPage</name>
        <message>
            <source>Laptop name</source>
            <translation>本机名称</translation>
        </message>
        <message>
            <source>This laptop's van</source>
            <translation>本机所属车辆</translation>
        </message>
        <message>
            <source>Van</source>
            <translation>车辆</translation>
        </message>
        <message>
            <source>Which van does this laptop travel with? Pick it from the list or type a new name. Records made here are marked with it.</source>
            <translation>本机随哪辆车出行？请从列表中选择，或输入新车辆名称。本机的记录都会标明所属车辆。</translation>
        </message>
        <message>
            <source>e.g. Caravan No. 1</source>
            <translation>例如：科普大篷车1号</translation>
        </message>
        <message>
            <source>e.g. Van 1 laptop</source>
            <translation>例如：1号车笔记本</translation>
        </message>
    </context>
    <context>
        <name>common</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Cannot do that</source>
            <translation>无法完成操作</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
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
