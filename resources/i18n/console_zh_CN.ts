<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Console</name>
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
        <source>Anomalies</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>软件版本</translation>
    </message>
    <message>
        <source>Ask the hub's administrator if you need this page; your role decides what you can see and change.</source>
        <translation>如果需要这个页面，请联系服务器管理员；您能看到和修改的内容由角色决定。</translation>
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
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Certificate pin (SHA-256)</source>
        <translation>证书指纹（SHA-256）</translation>
    </message>
    <message>
        <source>Changed a setting</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Clock offset</source>
        <translation>时钟偏差</translation>
    </message>
    <message>
        <source>Conflicts: values that lost a merge</source>
        <translation>冲突：合并时落选的值</translation>
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
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
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
        <source>Last seen</source>
        <translation>最后同步</translation>
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
        <source>Newer</source>
        <translation>较新</translation>
    </message>
    <message>
        <source>No bad records.</source>
        <translation>没有坏记录。</translation>
    </message>
    <message>
        <source>No conflicts.</source>
        <translation>没有冲突。</translation>
    </message>
    <message>
        <source>No laptop is enrolled yet.</source>
        <translation>还没有注册任何电脑。</translation>
    </message>
    <message>
        <source>No pin (the hub's certificate is from a public authority)</source>
        <translation>不加指纹（服务器证书来自公共证书机构）</translation>
    </message>
    <message>
        <source>No users.</source>
        <translation>没有用户。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>没有。</translation>
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
        <source>Nothing was refused.</source>
        <translation>没有被拒收的数据。</translation>
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
        <source>Older</source>
        <translation>较早</translation>
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
        <source>Open it from the menu above.</source>
        <translation>请从上方的菜单打开。</translation>
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
        <source>QR code of the code</source>
        <translation>注册码的二维码</translation>
    </message>
    <message>
        <source>Re-enrolls only the laptop {d}</source>
        <translation>只能给电脑 {d} 重新注册</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reason: write why this record is withdrawn (it is kept with the retraction).</source>
        <translation>原因：请写明撤回这条记录的原因（会和撤回一起保存）。</translation>
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
        <source>Review</source>
        <translation>审核</translation>
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
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Science caravans</source>
        <translation>科普大篷车</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Something went wrong on the hub</source>
        <translation>服务器出错了</translation>
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
        <source>The form has expired</source>
        <translation>表单已过期</translation>
    </message>
    <message>
        <source>The hub has no van named {v} yet: set the laptop up with exactly this name.</source>
        <translation>服务器上还没有名为「{v}」的车辆记录：这台电脑第一次设置时请用这个车名。</translation>
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
        <source>The username or password is wrong (or the user is disabled).</source>
        <translation>用户名或密码不对（或这个用户已停用）。</translation>
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
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Too many failed logins. Wait {n} minutes, then try again; or ask the administrator to reset your password.</source>
        <translation>登录失败次数太多。请等 {n} 分钟后再试，或请管理员重设密码。</translation>
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
        <source>Van captain</source>
        <translation>车长</translation>
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
        <source>Viewed sign-ins (names)</source>
        <translation>查看签到名单</translation>
    </message>
    <message>
        <source>Viewed volunteers' or staff's names</source>
        <translation>查看志愿者或工作人员名单</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>活动</translation>
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
        <source>Your role may not do this</source>
        <translation>您的角色没有这个权限</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>enrolled</source>
        <translation>已注册</translation>
    </message>
    <message>
        <source>new password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>office laptop</source>
        <translation>办公室电脑</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>van laptop</source>
        <translation>车载电脑</translation>
    </message>
    <message>
        <source>waiting for code</source>
        <translation>等待注册</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
</context>
</TS>
