<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Console</name>
    <message>
        <source>Accounts are made by the hub's administrator (caravan-server user add).</source>
        <translation>账号由服务器管理员创建（caravan-server user add）。</translation>
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
        <source>Back to the start page</source>
        <translation>回到首页</translation>
    </message>
    <message>
        <source>County liaison</source>
        <translation>县区联络员</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
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
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Nothing was changed. Try again; if it happens again, tell the hub's administrator the time.</source>
        <translation>没有做任何修改。请再试一次；如果还出错，请把出错的时间告诉服务器管理员。</translation>
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
        <source>Open it from the menu above.</source>
        <translation>请从上方的菜单打开。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Science caravans</source>
        <translation>科普大篷车</translation>
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
        <source>The form has expired</source>
        <translation>表单已过期</translation>
    </message>
    <message>
        <source>The login form had expired. Log in again.</source>
        <translation>登录页面已过期，请重新登录。</translation>
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
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Van captain</source>
        <translation>车长</translation>
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
        <source>Your role may not do this</source>
        <translation>您的角色没有这个权限</translation>
    </message>
</context>
</TS>
